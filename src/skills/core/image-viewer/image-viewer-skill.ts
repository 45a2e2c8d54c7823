import { createRequire } from 'node:module';
import { SovereignError, _, format } from '../../../core/index.js';
import type { CoreSkill, SkillHost } from '../../core-skill.js';
import { parseSkillManifest, type SkillManifest } from '../../manifest.js';
import type { OriginalReader } from '../../../importers/original-reader.js';
import { decodeImage, decodeImageBytes } from './image-decoder.js';
import { imageFileOf } from './image-file.js';
import type { ImageMetadata } from './image-metadata.js';
import manifestJson from './skill.json' with { type: 'json' };

export const IMAGE_VIEWER_SKILL_ID = 'org.sovereign.ImageViewer';

/**
 * The image viewer as a core skill. Its GTK widget lives in
 * src/ui/image-viewer/ and calls the same decoder; what the skill itself
 * offers every way in (CLI, D-Bus) is the `image-info` command: an image
 * document's metadata, after a full decode that proves the file is whole.
 */
export class ImageViewerSkill implements CoreSkill {
  readonly manifest: SkillManifest = parseSkillManifest(manifestJson, 'src/skills/core/image-viewer/skill.json');
  private host: SkillHost | null = null;

  /**
   * `dataDir`: where `attachments/<sha256>` media references resolve;
   * `originals`: how they are read (the import service, which decrypts them
   * in a vault), else as plain files.
   */
  constructor(
    private readonly dataDir: string,
    private readonly originals: OriginalReader | null = null,
  ) {}

  async load(host: SkillHost): Promise<void> {
    this.host = host;
  }

  async unload(): Promise<void> {
    this.host = null;
  }

  async health(): Promise<void> {
    // The one thing that can go missing under it is sharp with its libvips. Only
    // resolved, not loaded: libvips carries its own GLib, which must stay out of the
    // window's process (decoding runs in a child process).
    try {
      createRequire(import.meta.url).resolve('sharp');
    } catch {
      throw new SovereignError('internal', _('the image library (libvips) is not available'));
    }
  }

  async runCommand(commandId: string, args: unknown): Promise<unknown> {
    if (commandId !== 'image-info') throw new SovereignError('not-found', format(_('the image viewer has no command {command}'), { command: commandId }));
    const documentId = typeof args === 'object' && args !== null ? (args as { documentId?: unknown }).documentId : undefined;
    if (typeof documentId !== 'string' || documentId.length === 0) {
      throw new SovereignError('invalid-input', _('image-info needs {"documentId": "<id>"}'));
    }
    if (!this.host) throw new SovereignError('conflict', _('the image viewer is not loaded'));
    const document = await this.host.readDocument(documentId);
    return metadataJson(await readImageMetadata(document, this.dataDir, this.originals));
  }
}

/** Decodes an image document just enough to prove it whole and returns its metadata. */
export async function readImageMetadata(document: { title: string; mediaRef: string | null }, dataDir: string, originals: OriginalReader | null = null): Promise<ImageMetadata> {
  const { file } = imageFileOf(document, dataDir);
  // A small rendition: decoding every pixel is what proves the file whole, keeping them is not needed.
  if (!originals) return (await decodeImage(file, { name: document.title, maxSide: 64 })).metadata;
  // In a vault there is no plain file: the original is decrypted in memory, never written out for the decoder.
  return (await decodeImageBytes(await originals.readOriginal(document.mediaRef!), document.title, { maxSide: 64 })).metadata;
}

function metadataJson(metadata: ImageMetadata): Record<string, unknown> {
  return { ...metadata, takenAt: metadata.takenAt?.toISOString() ?? null };
}
