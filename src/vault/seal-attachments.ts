import fs from 'node:fs/promises';
import path from 'node:path';
import { FileCipher } from '../core/crypto/index.js';
import { ATTACHMENTS_FOLDER, AttachmentStore } from '../importers/attachment-store.js';

/** The plain originals a conversion replaces, listed before its switch so the rest of it can remove them after. */
const PLAIN_LIST = 'plain-attachments.json';
const PLAIN_NAME = /^[0-9a-f]{64}$/;

/**
 * Before the switch: a sealed copy of every plain original of `dataDir`
 * is written into the staging folder's attachments/ (the plain ones are
 * only read), and their names are listed beside it.
 */
export async function sealAttachmentsInto(staging: string, dataDir: string, dataKey: Buffer): Promise<void> {
  const plainDir = path.join(dataDir, ATTACHMENTS_FOLDER);
  const names = (await fs.readdir(plainDir).catch(() => [] as string[])).filter((name) => PLAIN_NAME.test(name));
  const sealed = new AttachmentStore(staging, new FileCipher(dataKey));
  for (const name of names) await sealed.putFile(AttachmentStore.refOf(name), path.join(plainDir, name));
  await fs.writeFile(path.join(staging, PLAIN_LIST), JSON.stringify(names), { mode: 0o600 });
}

/**
 * After the switch: the sealed copies move into the data folder's
 * attachments/ (their keyed names never equal a plain content hash), then
 * the listed plain originals are removed. Each step can be cut short and
 * redone.
 */
export async function moveSealedAttachments(staging: string, dataDir: string): Promise<void> {
  const list = path.join(staging, PLAIN_LIST);
  const plainNames = await fs.readFile(list, 'utf8').then((text) => JSON.parse(text) as string[], () => null);
  if (plainNames === null) return;
  const target = path.join(dataDir, ATTACHMENTS_FOLDER);
  const sealedDir = path.join(staging, ATTACHMENTS_FOLDER);
  await fs.mkdir(target, { recursive: true });
  for (const name of await fs.readdir(sealedDir).catch(() => [] as string[])) {
    if (!name.includes('.tmp-')) await fs.rename(path.join(sealedDir, name), path.join(target, name));
  }
  for (const name of plainNames) if (PLAIN_NAME.test(name)) await fs.rm(path.join(target, name), { force: true });
  await fs.rm(list, { force: true });
}
