import path from 'node:path';
import { appDataDir } from '../core/app-info.js';

/**
 * The Silero VAD model shipped with Sovereign (data/voice, MIT; its origin and
 * sha256 are in data/voice/README.md). It is part of the application, not a
 * model the user installs: it is 2 MB and every listening path needs it.
 */
export const sileroVadModelPath: string = path.join(appDataDir, 'voice', 'silero_vad.onnx');

/**
 * The shipped model's sha256. It is checked before loading because ONNX
 * Runtime aborts the whole process (not just the worker) on a damaged file.
 */
export const SILERO_VAD_SHA256 = '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3';
