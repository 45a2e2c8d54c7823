import fs from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, format } from '../../../core/index.js';
import type { CoreSkill } from '../../core-skill.js';
import { parseSkillManifest, type SkillManifest } from '../../manifest.js';
import { JOURNAL_DIR } from './document-editing.js';
// Imported, not read at run time: tsc then copies skill.json beside the compiled skill.
import manifestJson from './skill.json' with { type: 'json' };

export const MARKDOWN_EDITOR_SKILL_ID = 'org.sovereign.MarkdownEditor';

/**
 * The markdown editor as a core skill: its manifest (the document types it
 * edits, the commands and shortcuts it contributes) and the lifecycle the
 * registry drives. It needs no `runCommand`: its commands act on the text
 * being edited, inside its own widget (src/ui/editor), and editing itself
 * goes through DocumentEditing, the one way in every adapter shares.
 * Building it loads no GTK.
 */
export class MarkdownEditorSkill implements CoreSkill {
  readonly manifest: SkillManifest = parseSkillManifest(manifestJson, 'src/skills/core/markdown-editor/skill.json');

  /** `dataDir`: Sovereign's data dir, where the journal of unsaved text lives. */
  constructor(private readonly dataDir: string) {}

  async load(): Promise<void> {
    // Nothing to start: an editor is built when a document opens.
  }

  async unload(): Promise<void> {
    // Open editors end their sessions through DocumentEditing when the window closes.
  }

  /**
   * The editor works as long as its journal can be written: the journal is
   * what keeps typed text through a crash, and an editor that cannot keep
   * it must not take text it may lose.
   */
  async health(): Promise<void> {
    const journal = path.join(this.dataDir, JOURNAL_DIR);
    try {
      await fs.mkdir(journal, { recursive: true });
      await fs.access(journal, fs.constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new SovereignError('io', format(_('the editor cannot write its journal of unsaved text in {folder} ({code})'), { folder: journal, code }));
    }
  }
}
