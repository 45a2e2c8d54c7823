/**
 * Light and dark theme tokens for the canvas, from the GNOME (libadwaita)
 * palette. The UI's CSS mirrors OWNED_COLOURS and EXTERNAL_COLOURS so cards,
 * badges and sidebars agree; colours are CSS hex strings, converted to
 * CanvasKit colours by the renderer.
 */
export type ThemeName = 'light' | 'dark';

export interface CanvasTheme {
  name: ThemeName;
  /** The canvas behind everything, and every other band's faint tint. */
  background: string;
  bandAlternate: string;
  /** Separators between bands, the ruler's and gutter's edges. */
  border: string;
  /** Faint vertical lines at the ruler's labelled ticks. */
  gridLine: string;
  ruler: string;
  gutter: string;
  card: string;
  cardBorder: string;
  /** The cheap shadow under full cards: two offset translucent shapes, no blur. */
  shadow: string;
  text: string;
  dimText: string;
  accent: string;
  accentText: string;
  now: string;
  owned: string;
  external: string;
  link: string;
  /** Dashed links of `related` documents: lighter than written links. */
  linkSoft: string;
  linkHighlight: string;
  minimap: string;
  /** Thread colours used when a thread's own colour is missing or unreadable. */
  threadFallback: readonly string[];
}

/** Owned documents: Adwaita blue. The UI's CSS uses the same values. */
export const OWNED_COLOURS = { light: '#1c71d8', dark: '#78aeed' } as const;
/** External (imported) documents: Adwaita orange. */
export const EXTERNAL_COLOURS = { light: '#e66100', dark: '#ffa348' } as const;

const ADWAITA_THREAD_COLOURS = ['#3584e4', '#33d17a', '#f6d32d', '#ff7800', '#e01b24', '#9141ac', '#986a44', '#2190a4'] as const;

export const LIGHT_THEME: CanvasTheme = {
  name: 'light',
  background: '#fafafa',
  bandAlternate: '#f3f3f4',
  border: 'rgba(0,0,0,0.10)',
  gridLine: 'rgba(0,0,0,0.045)',
  ruler: '#ffffff',
  gutter: '#ebebeb',
  card: '#ffffff',
  cardBorder: 'rgba(0,0,0,0.09)',
  shadow: 'rgba(0,0,0,0.05)',
  text: 'rgba(0,0,0,0.80)',
  dimText: 'rgba(0,0,0,0.55)',
  accent: '#3584e4',
  accentText: '#ffffff',
  now: '#e01b24',
  owned: OWNED_COLOURS.light,
  external: EXTERNAL_COLOURS.light,
  link: 'rgba(0,0,0,0.22)',
  linkSoft: 'rgba(0,0,0,0.16)',
  linkHighlight: '#3584e4',
  minimap: '#ffffff',
  threadFallback: ADWAITA_THREAD_COLOURS,
};

export const DARK_THEME: CanvasTheme = {
  name: 'dark',
  background: '#242424',
  bandAlternate: '#282828',
  border: 'rgba(255,255,255,0.09)',
  gridLine: 'rgba(255,255,255,0.035)',
  ruler: '#2e2e2e',
  gutter: '#303030',
  card: '#383838',
  cardBorder: 'rgba(255,255,255,0.07)',
  shadow: 'rgba(0,0,0,0.22)',
  text: '#ffffff',
  dimText: 'rgba(255,255,255,0.55)',
  accent: '#78aeed',
  accentText: '#ffffff',
  now: '#ff7b63',
  owned: OWNED_COLOURS.dark,
  external: EXTERNAL_COLOURS.dark,
  link: 'rgba(255,255,255,0.22)',
  linkSoft: 'rgba(255,255,255,0.16)',
  linkHighlight: '#78aeed',
  minimap: '#303030',
  threadFallback: ['#62a0ea', '#57e389', '#f8e45c', '#ffa348', '#f66151', '#c061cb', '#b5835a', '#4fb3c6'],
};

export function themeNamed(name: ThemeName): CanvasTheme {
  return name === 'dark' ? DARK_THEME : LIGHT_THEME;
}

/** RGBA channels 0..255 (alpha 0..1) of a CSS colour: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(). null if unreadable. */
export function parseColour(css: string): [number, number, number, number] | null {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) {
    const h = m[1]!;
    return [parseInt(h[0]! + h[0]!, 16), parseInt(h[1]! + h[1]!, 16), parseInt(h[2]! + h[2]!, 16), 1];
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) {
    const h = m[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), m[2] ? parseInt(m[2], 16) / 255 : 1];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s);
  if (m) {
    const c = (v: string) => Math.max(0, Math.min(255, Math.round(Number(v))));
    return [c(m[1]!), c(m[2]!), c(m[3]!), m[4] === undefined ? 1 : Math.max(0, Math.min(1, Number(m[4])))];
  }
  return null;
}

/** Mixes a colour over an opaque background by alpha, giving an opaque colour. */
export function mixOver(fg: readonly number[], bg: readonly number[], alpha: number): [number, number, number, number] {
  return [bg[0]! + (fg[0]! - bg[0]!) * alpha, bg[1]! + (fg[1]! - bg[1]!) * alpha, bg[2]! + (fg[2]! - bg[2]!) * alpha, 1];
}
