import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { generateWorkspace, seededRandom } from '../../fixtures/workspace-fixture.js';

export interface VaultOptions {
  notes: number;
  /** Wiki links per note. */
  linksPerNote?: number;
  /** Share of the vault's files that are pictures (embedded by some note). */
  imageShare?: number;
  seed?: number;
}

export interface GeneratedVault {
  root: string;
  notes: number;
  images: number;
  links: number;
}

/**
 * An Obsidian-like vault on disk: `.obsidian/` with an attachment folder,
 * notes of about 200 words spread over ten top-level folders, each note
 * linking to others by `[[name]]`, `[[name|alias]]` and, for the notes that
 * have a picture, `![[picture.png]]`. Pictures are real PNGs of distinct
 * colours (equal files would be recognised as one original).
 */
export async function generateVault(root: string, options: VaultOptions): Promise<GeneratedVault> {
  const linksPerNote = options.linksPerNote ?? 3;
  const imageShare = options.imageShare ?? 0.05;
  const random = seededRandom(options.seed ?? 7);
  const { documents } = generateWorkspace({ documents: options.notes, threads: 10, edges: 0, seed: options.seed ?? 7 });
  const images = Math.round((options.notes * imageShare) / (1 - imageShare));
  const noteName = (i: number) => `Note ${String(i).padStart(5, '0')}`;
  const folderOf = (i: number) => `Area ${i % 10}`;
  fs.mkdirSync(path.join(root, '.obsidian'), { recursive: true });
  fs.writeFileSync(path.join(root, '.obsidian', 'app.json'), JSON.stringify({ attachmentFolderPath: 'attachments' }));
  fs.mkdirSync(path.join(root, 'attachments'));
  for (let f = 0; f < 10; f++) fs.mkdirSync(path.join(root, `Area ${f}`));
  let links = 0;
  documents.forEach((doc, i) => {
    const targets: string[] = [];
    for (let l = 0; l < linksPerNote; l++) {
      const to = Math.floor(random() * options.notes);
      if (to === i) continue;
      targets.push(l === 1 ? `[[${noteName(to)}|see ${to}]]` : `[[${noteName(to)}]]`);
      links++;
    }
    if (i < images) {
      targets.push(`![[picture-${i}.png]]`);
      links++;
    }
    const text = `---\ntags: [area${i % 10}]\n---\n${doc.content}\n\nRelated: ${targets.join(', ')}\n`;
    fs.writeFileSync(path.join(root, folderOf(i), `${noteName(i)}.md`), text);
  });
  for (let i = 0; i < images; i++) {
    const colour = { r: i % 256, g: Math.floor(i / 256) % 256, b: 128 };
    fs.writeFileSync(path.join(root, 'attachments', `picture-${i}.png`), await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer());
  }
  return { root, notes: options.notes, images, links };
}
