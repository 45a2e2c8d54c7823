import path from 'node:path';

/**
 * The fonts a PDF may use, as files from Debian font packages that
 * debian/control depends on (fonts-noto-core, fonts-dejavu-core). They are
 * handed to typst as blobs and the text rules name them with no fallback to
 * whatever else the machine has, so the output is the same everywhere.
 * DejaVu comes second in every stack: it has the ballot boxes of task lists
 * and the symbols Noto Sans lacks.
 */
const NOTO = '/usr/share/fonts/truetype/noto';
const DEJAVU = '/usr/share/fonts/truetype/dejavu';

export interface BundledFont {
  /** Family names as typst sees them, in fallback order. */
  families: readonly string[];
  files: readonly string[];
}

export const BUNDLED_FONTS = {
  sans: {
    families: ['Noto Sans', 'DejaVu Sans'],
    files: ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf'].map((f) => path.join(NOTO, f)),
  },
  serif: {
    families: ['Noto Serif', 'DejaVu Sans'],
    files: ['NotoSerif-Regular.ttf', 'NotoSerif-Bold.ttf', 'NotoSerif-Italic.ttf', 'NotoSerif-BoldItalic.ttf'].map((f) => path.join(NOTO, f)),
  },
} as const satisfies Record<string, BundledFont>;

export const FALLBACK_FONT_FILES: readonly string[] = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(DEJAVU, f));
export const MONO_FONT = { families: ['DejaVu Sans Mono'], files: ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'].map((f) => path.join(DEJAVU, f)) } as const;

/** Every font file the compiler loads, whichever family the options pick. */
export function allFontFiles(): string[] {
  return [...Object.values(BUNDLED_FONTS).flatMap((font) => font.files), ...FALLBACK_FONT_FILES, ...MONO_FONT.files];
}
