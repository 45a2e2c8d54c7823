import { z } from 'zod';
import { DOC_TYPES } from '../../store/index.js';
import type { SkillHost } from '../core-skill.js';

/**
 * The host methods a community skill can call over JSON-RPC, each with the
 * zod schema its params must pass. The SkillHost behind them checks the
 * manifest's permissions, so a method is listed here whatever the skill was
 * granted and refused there: one permission rule for core and community.
 */
const docType = z.enum(DOC_TYPES);
const documentId = z.string().min(1).max(200);
const title = z.string().min(1).max(500);
// Content arrives inside a message already capped in size by the connection.
const content = z.string();

const paramsByMethod = {
  'host.readDocument': z.object({ id: documentId }).strict(),
  'host.listDocuments': z
    .object({
      docTypes: z.array(docType).max(DOC_TYPES.length).optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'host.createDocument': z.object({ title, docType, content, threadId: z.string().min(1).max(200).nullable().optional() }).strict(),
  'host.writeDocument': z.object({ id: documentId, content, title: title.optional(), message: z.string().max(500).optional() }).strict(),
  'host.writeFile': z.object({ path: z.string().min(1).max(1024), base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
} as const;

export type HostMethodName = keyof typeof paramsByMethod;

export function isHostMethod(method: string): method is HostMethodName {
  return Object.hasOwn(paramsByMethod, method);
}

export class InvalidParams extends Error {}

/** Validates params and calls the host; the result is plain JSON. */
export async function dispatchHostCall(host: SkillHost, method: HostMethodName, params: unknown): Promise<unknown> {
  const parsed = paramsByMethod[method].safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidParams(`${method}: ${issue.path.join('.') || 'params'}: ${issue.message}`);
  }
  switch (method) {
    case 'host.readDocument': {
      const p = parsed.data as z.infer<(typeof paramsByMethod)['host.readDocument']>;
      return toJson(await host.readDocument(p.id));
    }
    case 'host.listDocuments': {
      const p = parsed.data as z.infer<(typeof paramsByMethod)['host.listDocuments']>;
      return toJson(await host.listDocuments(stripUndefined(p)));
    }
    case 'host.createDocument': {
      const p = parsed.data as z.infer<(typeof paramsByMethod)['host.createDocument']>;
      return toJson(await host.createDocument({ title: p.title, docType: p.docType, content: p.content, threadId: p.threadId ?? null }));
    }
    case 'host.writeDocument': {
      const p = parsed.data as z.infer<(typeof paramsByMethod)['host.writeDocument']>;
      return toJson(await host.writeDocument(p.id, p.content, stripUndefined({ title: p.title, message: p.message })));
    }
    case 'host.writeFile': {
      const p = parsed.data as z.infer<(typeof paramsByMethod)['host.writeFile']>;
      return { path: await host.writeFile(p.path, Buffer.from(p.base64, 'base64')) };
    }
  }
}

// Dates become ISO strings, as JSON.stringify would write them.
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
