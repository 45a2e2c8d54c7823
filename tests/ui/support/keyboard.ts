import { xdotool, type TestDisplay } from './display.js';

const KEYSYMS: Readonly<Record<string, string>> = {
  ' ': 'space',
  '\n': 'Return',
  '.': 'period',
  ',': 'comma',
  '!': 'exclam',
  '?': 'question',
  '#': 'numbersign',
  '[': 'bracketleft',
  ']': 'bracketright',
  '*': 'asterisk',
  '-': 'minus',
  ':': 'colon',
  "'": 'apostrophe',
  'é': 'eacute',
  'ü': 'udiaeresis',
  'ß': 'ssharp',
};

/**
 * Types text key by key (`xdotool type` remaps keycodes and loses keys when
 * the app is busy at that moment).
 */
export async function typeText(display: TestDisplay, text: string, delayMs = 40): Promise<void> {
  const keys = [...text].map((char) => KEYSYMS[char] ?? char);
  // A few keys per call: fewer processes, and still one key event at a time.
  for (let i = 0; i < keys.length; i += 16) await xdotool(display, 'key', '--delay', String(delayMs), ...keys.slice(i, i + 16));
}
