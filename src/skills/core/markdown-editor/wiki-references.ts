import type { GraphStore } from '../../../store/index.js';
import type { WorkspaceModel } from '../../../workspace/index.js';
import { wikiLinkTitles } from './wiki-links.js';

/** The document a `[[Title]]` names: the exact title, ignoring case; another document than the linking one. */
export function resolveTitle(model: WorkspaceModel, title: string, from: string): string | undefined {
  const wanted = title.toLocaleLowerCase();
  return model.titlePrefix(title, 50).find((doc) => doc.id !== from && doc.title.toLocaleLowerCase() === wanted)?.id;
}

/**
 * Makes the document's outbound `references` links match the `[[Title]]`
 * links in its text: a link to an existing title is added, a reference whose
 * target the text no longer names is removed. Titles that name no document
 * make no link (they resolve once such a document exists and the text is
 * saved again).
 */
export async function syncWikiReferences(store: GraphStore, model: WorkspaceModel, documentId: string, content: string): Promise<{ added: number; removed: number }> {
  const targets = new Set<string>();
  for (const title of wikiLinkTitles(content)) {
    const id = resolveTitle(model, title, documentId);
    if (id) targets.add(id);
  }
  const existing = model.links(documentId, 'outbound').filter((link) => link.kind === 'references');
  const linked = new Set(existing.map((link) => link.to));
  let added = 0;
  let removed = 0;
  for (const to of targets) {
    if (linked.has(to)) continue;
    await store.createRelationship({ kind: 'references', from: documentId, to });
    added++;
  }
  for (const link of existing) {
    if (targets.has(link.to)) continue;
    await store.deleteRelationship(link.id);
    removed++;
  }
  return { added, removed };
}
