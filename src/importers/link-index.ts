import path from 'node:path';
import type { LinkTarget } from './importer.js';

/**
 * Resolves link targets to documents the way Obsidian does, over every
 * imported file Sovereign knows (by its resolved source path). Pure: the
 * service feeds it paths and document ids.
 *
 * Obsidian writes the shortest link that is unique in the vault
 * ([[note]] rather than [[folder/note]]) and resolves a link text by: the
 * path relative to the linking note's folder, then from the vault root;
 * otherwise any file whose path ends with the text (compared without case,
 * ".md" implied when the text has no extension), preferring one in the
 * linking note's own folder, then the shortest path.
 */
export class LinkIndex {
  private readonly byPath = new Map<string, string>();
  /** Lower-case base name (with extension) → paths. */
  private readonly byName = new Map<string, string[]>();

  add(filePath: string, documentId: string): void {
    if (!this.byPath.has(filePath)) {
      const name = path.basename(filePath).toLowerCase();
      const list = this.byName.get(name);
      if (list) list.push(filePath);
      else this.byName.set(name, [filePath]);
    }
    this.byPath.set(filePath, documentId);
  }

  /** The document a link from sourcePath points at, or undefined when nothing matches. root is the vault (or imported folder). */
  resolve(target: LinkTarget, sourcePath: string, root: string): string | undefined {
    if (target.kind === 'key') return undefined;
    if (target.kind === 'path') {
      const relative = target.path.replace(/^\/+/, '');
      for (const base of [path.dirname(sourcePath), root]) {
        const found = this.exact(path.resolve(base, relative));
        if (found) return found;
      }
      return undefined;
    }
    const text = target.text.trim().replace(/^\/+/, '');
    if (text === '') return undefined;
    // A note beside the linking one wins, then a path from the vault root, then the name anywhere.
    const exact = this.exact(path.resolve(path.dirname(sourcePath), text)) ?? this.exact(path.resolve(root, text));
    if (exact) return exact;
    const wanted = withMarkdownExtension(text).toLowerCase();
    const candidates = (this.byName.get(path.basename(wanted)) ?? []).filter((candidate) => {
      const lower = candidate.toLowerCase();
      return lower === wanted || lower.endsWith('/' + wanted);
    });
    if (candidates.length === 0) return undefined;
    const sourceFolder = path.dirname(sourcePath);
    const best = [...candidates].sort(
      (a, b) =>
        Number(path.dirname(b) === sourceFolder) - Number(path.dirname(a) === sourceFolder) ||
        a.split('/').length - b.split('/').length ||
        a.localeCompare(b),
    )[0]!;
    return this.byPath.get(best);
  }

  private exact(candidate: string): string | undefined {
    return this.byPath.get(candidate) ?? this.byPath.get(withMarkdownExtension(candidate));
  }
}

function withMarkdownExtension(text: string): string {
  return path.extname(text) === '' ? `${text}.md` : text;
}
