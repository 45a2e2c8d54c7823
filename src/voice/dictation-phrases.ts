/**
 * What a dictated sentence means: text to write, the start of a new note
 * ("take a note: buy milk"), or the end of dictation ("stop dictation").
 * Whisper punctuates and capitalises freely, so the phrases are matched
 * without regard to case or the punctuation around them.
 */
export type DictationStep = { kind: 'append'; text: string } | { kind: 'new-note'; text: string } | { kind: 'stop' };

const NEW_NOTE = /^\s*take\s+a\s+note\b[\s:,.;-]*(.*)$/is;
const STOP = /^[\s\p{P}]*stop\s+dictation[\s\p{P}]*$/iu;

export function readDictation(text: string): DictationStep {
  if (STOP.test(text)) return { kind: 'stop' };
  const note = NEW_NOTE.exec(text);
  if (note) return { kind: 'new-note', text: (note[1] ?? '').trim() };
  return { kind: 'append', text: text.trim() };
}
