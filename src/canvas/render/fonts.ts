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
}

export const SYSTEM_FONTS: readonly FontFace[] = [
  { family: 'Cantarell', files: ['/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf', '/usr/share/fonts/opentype/cantarell/Cantarell-Bold.otf'] },
  { family: 'Noto Sans', files: ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'] },
  { family: 'Noto Sans CJK', files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'] },
  { family: 'Noto Color Emoji', files: ['/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'] },
];

export interface FontSet {
  provider: TypefaceFontProvider;
  /** The families that loaded, in fallback order. */
  families: string[];
}

/** Registers every installed system font; fails only when no interface font at all is installed. */
export function loadSystemFonts(ck: CanvasKitWithHeap, faces: readonly FontFace[] = SYSTEM_FONTS): FontSet {
  const provider = ck.TypefaceFontProvider.Make();
  const families: string[] = [];
  for (const face of faces) {
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
    if (loaded) families.push(face.family);
  }
  if (!families.includes('Cantarell') && !families.includes('Noto Sans')) {
    provider.delete();
    throw new SovereignError('resource', 'cannot draw the canvas: neither the Cantarell nor the Noto Sans font is installed', {
      hint: 'Install the fonts-cantarell package.',
    });
  }
  return { provider, families };
}
