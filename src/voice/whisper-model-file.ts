import fs from 'node:fs';
import path from 'node:path';
import { SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';

/** What a whisper.cpp model file (ggml `.bin`, not GGUF) says about itself. */
export interface WhisperModelInfo {
  /** tiny, base, small, medium or large, from the number of encoder layers. */
  size: string;
  multilingual: boolean;
  vocabulary: number;
  audioState: number;
  audioLayers: number;
  textLayers: number;
  mels: number;
  tensors: number;
  sizeBytes: number;
}

const GGML_MAGIC = 0x67676d6c;
const SIZE_OF_LAYERS: Record<number, string> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: 'large' };
/** ggml types whisper files use, with [block size, bytes per block]: f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0. */
const TYPE_LAYOUT: Record<number, [number, number]> = { 0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34] };

function brokenModel(file: string, reason: string, shownAs = path.basename(file)): SovereignError {
  return new SovereignError('model', format(_('{file} is not a usable whisper speech model: {reason}.'), { file: shownAs, reason }), {
    hint: _('Speech models are whisper.cpp ggml files (ggml-tiny.bin, ggml-base.en.bin, …); download it again or choose another.'),
    detail: { file },
  });
}

/** Bytes read at a time: the header, filters and vocabulary take a few reads; each tensor header one. */
const READ_WINDOW = 64 * 1024;

/**
 * Reads and checks a whisper model's whole layout (header, mel filters,
 * vocabulary, every tensor's header and size) without loading the weights.
 * whisper.cpp aborts the process on some damaged files instead of failing,
 * so nothing reaches it that this has not read end to end.
 */
export function readWhisperModelInfo(file: string, shownAs?: string): WhisperModelInfo {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SovereignError(code === 'ENOENT' ? 'not-found' : 'io', format(_('Cannot read the speech model {file}: {reason}.'), { file, reason: code === 'ENOENT' ? _('there is no such file') : (error as Error).message }), {
      hint: _('Install a speech model with "sovereign models add FILE" and give it the speech role.'),
    });
  }
  // A download is checked under its temporary name: messages name the file it was meant to become.
  const broken = (_file: string, reason: string): SovereignError => brokenModel(file, reason, shownAs);
  try {
    const size = fs.fstatSync(fd).size;
    let at = 0;
    // Read through a window: the vocabulary alone is ~52K tiny fields, and a
    // system call for each held the window's main loop for seconds under load.
    let window = Buffer.alloc(0);
    let windowStart = 0;
    const read = (bytes: number, what: string): Buffer => {
      if (at + bytes > size) throw broken(file, format(_('the file is truncated (in the {what})'), { what }));
      if (at < windowStart || at + bytes > windowStart + window.length) {
        window = Buffer.alloc(Math.min(Math.max(READ_WINDOW, bytes), size - at));
        fs.readSync(fd, window, 0, window.length, at);
        windowStart = at;
      }
      const view = window.subarray(at - windowStart, at - windowStart + bytes);
      at += bytes;
      return view;
    };
    const int = (what: string): number => read(4, what).readInt32LE(0);
    if (size < 4 || read(4, 'header').readUInt32LE(0) !== GGML_MAGIC) throw broken(file, _('it does not start with the ggml magic number (a GGUF file or another format?)'));
    const header = read(44, 'header');
    const [vocabulary, audioCtx, audioState, audioHeads, audioLayers, textCtx, textState, textHeads, textLayers, mels, ftype] = Array.from({ length: 11 }, (_unused, i) => header.readInt32LE(4 * i)) as [
      number, number, number, number, number, number, number, number, number, number, number,
    ];
    const sane = vocabulary >= 51864 && vocabulary <= 51866 && audioCtx > 0 && textCtx > 0 && audioState > 0 && audioState === textState && audioHeads > 0 && textHeads > 0 &&
      audioState % audioHeads === 0 && audioLayers in SIZE_OF_LAYERS && textLayers > 0 && textLayers <= 32 && (mels === 80 || mels === 128) && ftype >= 0;
    if (!sane) throw broken(file, _('its hyperparameters are not those of a whisper model'));
    const filterMels = int('mel filters');
    const fft = int('mel filters');
    if (filterMels !== mels || fft <= 0 || fft > 1024) throw broken(file, _('its mel filters do not match its header'));
    at += 4 * filterMels * fft;
    const words = int('vocabulary');
    if (words <= 0 || words > vocabulary) throw broken(file, _('its vocabulary size does not match its header'));
    let hasSpace = false;
    for (let i = 0; i < words; i++) {
      const length = read(4, 'vocabulary').readUInt32LE(0);
      if (length > 1024) throw broken(file, _('its vocabulary is damaged'));
      if (length === 1 && read(1, 'vocabulary')[0] === 0x20) hasSpace = true;
      else if (length !== 1) at += length;
    }
    // whisper.cpp looks the token " " up while decoding and aborts when it is missing.
    if (!hasSpace) throw broken(file, _('its vocabulary has no space token'));
    const expected = 7 + 15 * audioLayers + 4 + 24 * textLayers;
    let tensors = 0;
    while (at < size) {
      const dims = int('tensor headers');
      const nameLength = int('tensor headers');
      const type = int('tensor headers');
      if (dims < 1 || dims > 4 || nameLength <= 0 || nameLength > 256 || !(type in TYPE_LAYOUT)) throw broken(file, format(_('tensor {n} has a damaged header'), { n: tensors + 1 }));
      let elements = 1;
      for (let d = 0; d < dims; d++) elements *= int('tensor headers');
      at += nameLength;
      const [block, bytesPerBlock] = TYPE_LAYOUT[type]!;
      at += Math.ceil(elements / block) * bytesPerBlock;
      if (at > size) throw broken(file, _('the file is truncated (in the weights)'));
      tensors++;
    }
    if (tensors !== expected) throw broken(file, format(_('it holds {found} tensors where a whisper model of its shape has {expected}'), { found: tensors, expected }));
    return { size: SIZE_OF_LAYERS[audioLayers]!, multilingual: vocabulary >= 51865, vocabulary, audioState, audioLayers, textLayers, mels, tensors, sizeBytes: size };
  } finally {
    fs.closeSync(fd);
  }
}
