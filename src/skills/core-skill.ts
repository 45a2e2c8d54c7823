import type { DocType, Document, DocumentMeta, Page } from '../store/index.js';
import type { SkillManifest } from './manifest.js';

/**
 * A skill built into Sovereign (the markdown editor, PDF export, …). Core
 * skills run in the host process and are called directly: no IPC, no
 * serialisation. The adapters decide which core skills exist and hand the
 * objects to the SkillRegistry; the registry calls load/unload/health.
 */
export interface CoreSkill {
  /** Checked with parseSkillManifest by the registry; `kind` must be 'core'. */
  readonly manifest: SkillManifest;
  /** Called when the skill is enabled and Sovereign starts, or when it is enabled later. */
  load(host: SkillHost): Promise<void>;
  /** Called when the skill is disabled or Sovereign shuts down; releases what load took. */
  unload(): Promise<void>;
  /**
   * Resolves when the skill works; rejects (or does not settle within the
   * registry's timeout) when it does not, and the skill is then disabled.
   */
  health(): Promise<void>;
  /**
   * Runs one of the commands the manifest lists. Optional: a skill whose
   * commands are all wired inside its own UI need not implement it.
   * `args` and the result are plain JSON values.
   */
  runCommand?(commandId: string, args: unknown): Promise<unknown>;
}

/** A page of the document list, as a skill may ask for it. */
export interface SkillDocumentQuery {
  docTypes?: readonly DocType[];
  offset?: number;
  /** 1..1000, default 50. */
  limit?: number;
}

export interface SkillNewDocument {
  title: string;
  docType: DocType;
  content: string;
  threadId?: string | null;
}

export interface SkillWriteOptions {
  /** A new title with the content, when the skill edits both at once. */
  title?: string;
  /** The history message; defaults to "Edited by <skill name>". */
  message?: string;
}

/**
 * What a skill may ask of Sovereign. Each method is gated by a permission
 * from the skill's manifest and throws SovereignError('permission') naming
 * the skill and the missing permission when it was not granted. Community
 * skills reach the same methods through JSON-RPC (see sandbox/).
 */
export interface SkillHost {
  /** The skill this host serves. */
  readonly skillId: string;
  /** read-documents */
  readDocument(id: string): Promise<Document>;
  /** read-documents */
  listDocuments(query?: SkillDocumentQuery): Promise<Page<DocumentMeta>>;
  /** write-documents */
  createDocument(input: SkillNewDocument): Promise<DocumentMeta>;
  /** write-documents: a content change is a commit in the document's history. */
  writeDocument(id: string, content: string, options?: SkillWriteOptions): Promise<DocumentMeta>;
  /**
   * write-files: writes bytes to a file inside the skill's allowed folder
   * (a relative path is taken from that folder; anything resolving outside
   * it, also through a symlink, is refused). Returns the absolute path.
   */
  writeFile(filePath: string, bytes: Uint8Array): Promise<string>;
}

/** The methods of SkillHost a skill can call, for JSON-RPC dispatch and messages. */
export const SKILL_HOST_METHODS = ['readDocument', 'listDocuments', 'createDocument', 'writeDocument', 'writeFile'] as const;
export type SkillHostMethod = (typeof SKILL_HOST_METHODS)[number];
