import { z } from 'zod';
import type { AssistantContext, Orchestrator } from '../assistant/index.js';
import { intentToJson } from '../assistant/intent-json.js';

/**
 * A routed intent as JSON (what `sovereign intent --json` prints and
 * RouteCommand returns), checked on the way in: from another process it is
 * data, not trusted. Loose objects, so fields this version does not know
 * are printed as they came.
 */
const refSchema = z.looseObject({ id: z.string() });
export const routedIntentSchema = z.looseObject({
  intent: z.string(),
  action: z.string(),
  confidence: z.number(),
  entities: z.looseObject({
    document: refSchema.extend({ title: z.string() }).optional(),
    thread: refSchema.extend({ name: z.string() }).optional(),
    title: z.string().optional(),
    query: z.string().optional(),
    path: z.string().optional(),
  }),
  choices: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
  question: z.string().optional(),
});
export type RoutedIntent = z.infer<typeof routedIntentSchema>;

export const commandOutcomeSchema = z.object({
  status: z.enum(['executed', 'needs-confirmation', 'clarification', 'unavailable', 'shown']),
  message: z.string(),
  intent: routedIntentSchema,
});
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

export interface RunCommandOptions {
  context: AssistantContext;
  /** The person confirmed the destructive action on this document (and only on it). */
  confirmedDocument?: string;
}

/**
 * What `sovereign intent` and `sovereign do` need from an assistant,
 * whether it runs in this process (nothing else holds the database) or in
 * the running Sovereign, reached over D-Bus: one flow for both.
 */
export interface CommandRunner {
  route(text: string, context: AssistantContext): Promise<RoutedIntent>;
  run(text: string, options: RunCommandOptions): Promise<CommandOutcome>;
}

/** The runner over an orchestrator in this process. */
export function localCommandRunner(assistant: Orchestrator): CommandRunner {
  return {
    route: async (text, context) => routedIntentSchema.parse(intentToJson(await assistant.routeWithMeaning(text, { context }))),
    run: async (text, options) => {
      const result = await assistant.run(text, options);
      return commandOutcomeSchema.parse({ status: result.status, message: result.message, intent: intentToJson(result.intent) });
    },
  };
}
