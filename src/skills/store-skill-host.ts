import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../core/index.js';
import type { Document, DocumentMeta, GraphStore, Page } from '../store/index.js';
import type { SkillDocumentQuery, SkillHost, SkillNewDocument, SkillWriteOptions } from './core-skill.js';
import { grants, type SkillManifest, type SkillPermission } from './manifest.js';

export interface StoreSkillHostOptions {
  store: GraphStore;
  manifest: SkillManifest;
  /**
   * The one folder writeFile may write into (created on first write). The
   * adapter chooses it: a per-skill folder under the data dir, or the folder
   * a person picked for an export.
   */
  filesDir: string;
}

/**
 * The SkillHost every skill gets, core or community: the store behind a
 * permission check. A community skill's JSON-RPC requests end up here too,
 * so the permission rule lives in one place.
 */
export class StoreSkillHost implements SkillHost {
  readonly skillId: string;
  private readonly store: GraphStore;
  private readonly manifest: SkillManifest;
  private readonly filesDir: string;

  constructor(options: StoreSkillHostOptions) {
    this.store = options.store;
    this.manifest = options.manifest;
    this.skillId = options.manifest.id;
    this.filesDir = path.resolve(options.filesDir);
  }

  async readDocument(id: string): Promise<Document> {
    this.require('read-documents', 'readDocument');
    return this.store.getDocument(id);
  }

  async listDocuments(query: SkillDocumentQuery = {}): Promise<Page<DocumentMeta>> {
    this.require('read-documents', 'listDocuments');
    return this.store.listDocuments({
      ...(query.docTypes ? { docTypes: query.docTypes } : {}),
      ...(query.offset !== undefined ? { offset: query.offset } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
  }

  async createDocument(input: SkillNewDocument): Promise<DocumentMeta> {
    this.require('write-documents', 'createDocument');
    const created = await this.store.createDocument(
      { title: input.title, docType: input.docType, content: input.content, threadId: input.threadId ?? null, isOwned: true },
      { author: 'user', message: this.defaultMessage() },
    );
    return metaOf(created);
  }

  async writeDocument(id: string, content: string, options: SkillWriteOptions = {}): Promise<DocumentMeta> {
    this.require('write-documents', 'writeDocument');
    const updated = await this.store.updateDocument(
      id,
      { content, ...(options.title !== undefined ? { title: options.title } : {}) },
      { author: 'user', message: options.message ?? this.defaultMessage() },
    );
    return metaOf(updated);
  }

  async writeFile(filePath: string, bytes: Uint8Array): Promise<string> {
    this.require('write-files', 'writeFile');
    const target = path.resolve(this.filesDir, filePath);
    if (!isInside(this.filesDir, target)) throw this.outside(filePath);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Resolve symlinks in what exists of the path: a link inside the folder
    // must not lead the write out of it.
    const realRoot = await fs.realpath(this.filesDir);
    const realParent = await fs.realpath(path.dirname(target));
    if (realParent !== realRoot && !isInside(realRoot, realParent)) throw this.outside(filePath);
    const finalPath = path.join(realParent, path.basename(target));
    const existing = await fs.lstat(finalPath).catch(() => null);
    if (existing?.isSymbolicLink()) throw this.outside(filePath);
    await fs.writeFile(finalPath, bytes);
    return finalPath;
  }

  private require(permission: SkillPermission, method: string): void {
    if (grants(this.manifest, permission)) return;
    throw new SovereignError(
      'permission',
      format(_('skill {skill} may not call {method}: its manifest does not grant “{permission}”'), {
        skill: this.manifest.id,
        method,
        permission,
      }),
      { detail: { skill: this.manifest.id, method, permission } },
    );
  }

  private outside(filePath: string): SovereignError {
    return new SovereignError(
      'permission',
      format(_('skill {skill} may not write {file}: it is outside {folder}'), { skill: this.manifest.id, file: filePath, folder: this.filesDir }),
      { detail: { skill: this.manifest.id, file: filePath } },
    );
  }

  private defaultMessage(): string {
    return format(_('Edited by {name}'), { name: this.manifest.name });
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function metaOf(document: Document): DocumentMeta {
  const { content: _content, ...meta } = document;
  return meta;
}
