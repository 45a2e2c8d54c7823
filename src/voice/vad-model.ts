import path from 'node:path';
import { appDataDir } from '../core/app-info.js';

/**
 * The Silero VAD model shipped with Sovereign (data/voice, MIT; its origin and
 * sha256 are in data/voice/README.md). It is part of the application, not a
 * model the user installs: it is 2 MB and every listening path needs it.
 */
export const sileroVadModelPath: string = path.join(appDataDir, 'voice', 'silero_vad.onnx');
