import fs from 'node:fs';
import type { TypefaceFontProvider } from 'canvaskit-wasm';
import { SovereignError } from '../../core/index.js';
import type { CanvasKitWithHeap } from './canvaskit.js';

/**
 * Fonts come from the system, as everywhere in GNOME: Cantarell for the
 * interface, Noto Sans where Cantarell has no glyph, Noto Sans CJK and Noto
 * Color Emoji for titles that need them. Each is registered under one family
 * name; paragraphs list the families in fallback order.
 */
export interface FontFace {
  family: string;
  files: readonly string[];
  /**
   * Loaded only once a text to draw has a character this matches. The CJK
   * and emoji files are 51 MB together, copied into the WASM heap when
   * registered: loading them at start cost that memory and ~0.3 s (more under
   * load) in every window, most of which never shows such a title.
   */
  onDemandFor?: RegExp;
}

/** Han, kana, hangul, CJK punctuation and full-width forms: what Noto Sans CJK adds. */
const CJK_TEXT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;
/** Emoji pictographs and flags: what Noto Color Emoji adds. */
const EMOJI_TEXT = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

export const SYSTEM_FONTS: readonly FontFace[] = [
  { family: 'Cantarell', files: ['/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf', '/usr/share/fonts/opentype/cantarell/Cantarell-Bold.otf'] },
  { family: 'Noto Sans', files: ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'] },
  { family: 'Noto Sans CJK', files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'], onDemandFor: CJK_TEXT },
  { family: 'Noto Color Emoji', files: ['/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'], onDemandFor: EMOJI_TEXT },
];

export interface FontSet {
  provider: TypefaceFontProvider;
  /** The families that loaded, in fallback order. */
  families: string[];
  /** Faces not loaded yet (ensureFontsFor loads them when a text needs them), in fallback order. */
  onDemand: FontFace[];
  /** Every face, for the fallback order. */
  order: readonly FontFace[];
}

function registerFace(ck: CanvasKitWithHeap, provider: TypefaceFontProvider, face: FontFace): boolean {
  let loaded = false;
  for (const file of face.files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    provider.registerFont(bytes, face.family);
    loaded = true;
  }
  return loaded;
}

/**
 * Loads the faces that `text` needs and are not loaded yet (each once, in
 * its place in the fallback order). Returns whether any loaded: paragraphs
 * built before lack them.
 */
export function ensureFontsFor(ck: CanvasKitWithHeap, fonts: FontSet, text: string): boolean {
  let changed = false;
  for (const face of [...fonts.onDemand]) {
    if (!face.onDemandFor?.test(text)) continue;
    fonts.onDemand.splice(fonts.onDemand.indexOf(face), 1);
    if (!registerFace(ck, fonts.provider, face)) continue;
    const loaded = new Set([...fonts.families, face.family]);
    fonts.families.splice(0, fonts.families.length, ...fonts.order.filter((f) => loaded.has(f.family)).map((f) => f.family));
    changed = true;
  }
  return changed;
}

/**
 * Registers the installed system fonts needed from the start (the others
 * when a text needs them: ensureFontsFor); fails only when no interface
 * font at all is installed.
 */
export function loadSystemFonts(ck: CanvasKitWithHeap, faces: readonly FontFace[] = SYSTEM_FONTS): FontSet {
  const provider = ck.TypefaceFontProvider.Make();
  const families: string[] = [];
  const onDemand: FontFace[] = [];
  for (const face of faces) {
    if (face.onDemandFor) onDemand.push(face);
    else if (registerFace(ck, provider, face)) families.push(face.family);
  }
  if (!families.includes('Cantarell') && !families.includes('Noto Sans')) {
    provider.delete();
    throw new SovereignError('resource', 'cannot draw the canvas: neither the Cantarell nor the Noto Sans font is installed', {
      hint: 'Install the fonts-cantarell package.',
    });
  }
  return { provider, families, onDemand, order: faces };
}
