import { z } from 'zod';
import { SovereignError } from '../core/index.js';
import type { Embedder } from '../retrieval/embedder.js';
import en from './examples/en.json' with { type: 'json' };
import de from './examples/de.json' with { type: 'json' };
import { ACTIONS, type Action } from './user-intent.js';

/**
 * Example commands per action, one file per language in
 * src/assistant/examples/: the phrasings the sentence encoder compares an
 * unknown command with. Written as people talk, not as the lexicon's verbs
 * (those the fast path already knows).
 */
const examplesSchema = z.object({
  language: z.string().regex(/^[a-z]{2}$/),
  /** Why the file holds what it holds (the German one is short on purpose). */
  about: z.string().optional(),
  examples: z.partialRecord(z.enum(ACTIONS), z.array(z.string().trim().min(1)).min(1)),
});

const FILES: Readonly<Record<string, unknown>> = { en, de };

/** Every language's examples, or those of the languages named (a measurement compares them). */
export function builtInExamples(languages: readonly string[] = Object.keys(FILES)): { action: Action; text: string }[] {
  return languages.flatMap((language) => {
    const parsed = examplesSchema.safeParse(FILES[language]);
    if (!parsed.success) throw new SovereignError('internal', `src/assistant/examples/${language}.json is invalid: ${z.prettifyError(parsed.error)}`);
    return Object.entries(parsed.data.examples).flatMap(([action, texts]) => texts.map((text) => ({ action: action as Action, text })));
  });
}

/**
 * The calibration, measured with the built-in encoder (Universal Sentence
 * Encoder lite) on paraphrases the lexicon does not know: a paraphrase of
 * an example scores 0.55-0.9 against its action ("scrap the old draft"
 * 0.88 delete, "hunt for notes about taxes" 0.78 search, "could I have an
 * empty page called Trip" 0.55 create) and at least 0.1 above the next
 * action, while a title or nonsense typed alone ("tile quotes", "blorp
 * fizzle wump", "banana") scores at most 0.45 with the next action within
 * 0.05. So: below MIN_SIMILARITY, or within MIN_MARGIN of another action,
 * it says nothing.
 */
export const MIN_SIMILARITY = 0.55;
export const MIN_MARGIN = 0.08;
/** The confidence at MIN_SIMILARITY: just enough to act, so any doubt in the entities makes it ask. */
const CONFIDENCE_AT_MIN = 0.7;
/** The confidence is never above this: a verb read by meaning is less sure than one the lexicon knows (0.9 for a typo). */
const MAX_CONFIDENCE = 0.9;
/** The similarity at which MAX_CONFIDENCE is reached (the closest paraphrases measured). */
const SIMILARITY_AT_MAX = 0.85;

/** The action a command means, read by meaning, and how sure that reading is (its own calibrated confidence). */
export interface MeaningHint {
  action: Action;
  confidence: number;
  similarity: number;
}

/**
 * Matches a command the lexicon has no verb for against example commands,
 * by meaning, with a sentence encoder (the built-in one runs in a worker).
 * It only names an action: the documents and threads still come from the
 * router's own fuzzy matching against the workspace.
 */
export class CommandMeaning {
  private constructor(
    private readonly embedder: Embedder,
    private readonly examples: readonly { action: Action; vector: Float32Array }[],
  ) {}

  static async open(embedder: Embedder, examples = builtInExamples()): Promise<CommandMeaning> {
    const vectors = await embedder.embed(examples.map((example) => example.text));
    return new CommandMeaning(
      embedder,
      examples.map((example, i) => ({ action: example.action, vector: vectors[i]! })),
    );
  }

  async hint(text: string, signal?: AbortSignal): Promise<MeaningHint | undefined> {
    const [vector] = await this.embedder.embed([text], signal);
    if (!vector) return undefined;
    const best = new Map<Action, number>();
    for (const example of this.examples) {
      const similarity = dot(vector, example.vector);
      if (similarity > (best.get(example.action) ?? -1)) best.set(example.action, similarity);
    }
    const [first, second] = [...best].sort((a, b) => b[1] - a[1]);
    if (!first || first[1] < MIN_SIMILARITY) return undefined;
    if (second && first[1] - second[1] < MIN_MARGIN) return undefined;
    return { action: first[0], similarity: first[1], confidence: calibrated(first[1]) };
  }
}

/** Linear from CONFIDENCE_AT_MIN at MIN_SIMILARITY to MAX_CONFIDENCE at SIMILARITY_AT_MAX. */
function calibrated(similarity: number): number {
  const share = Math.min(1, (similarity - MIN_SIMILARITY) / (SIMILARITY_AT_MAX - MIN_SIMILARITY));
  return Math.round((CONFIDENCE_AT_MIN + (MAX_CONFIDENCE - CONFIDENCE_AT_MIN) * share) * 1000) / 1000;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
