import { execFile } from 'node:child_process';
import { z } from 'zod';
import { _, format, SovereignError } from '../core/index.js';
import { findSoundServer } from './sound-server.js';

/** One place sound can be recorded from, as the sound server names it. */
export interface InputDevice {
  /** The sound server's source name: what MicrophoneSource takes as `device`. */
  name: string;
  /** What a person would call it: "Built-in Audio Analog Stereo". */
  description: string;
  /** A monitor records what a speaker plays rather than a microphone. */
  isMonitor: boolean;
}

// Only the fields used; pactl prints many more.
const PactlSources = z.array(
  z.object({
    name: z.string(),
    description: z.string().nullish(),
    properties: z.record(z.string(), z.unknown()).nullish(),
  }),
);

/**
 * The input devices of this session's sound server, from `pactl --format=json
 * list sources` (PulseAudio ≥ 16). pactl rather than gst-device-monitor:
 * it answers for PulseAudio and for PipeWire (through pipewire-pulse) alike,
 * in JSON, in ~10 ms, and its names are the ones pulsesrc takes.
 */
export async function listInputDevices(env: NodeJS.ProcessEnv = process.env): Promise<InputDevice[]> {
  // Asked only where a server already runs: with none, libpulse would
  // autospawn a PulseAudio daemon just to answer the question.
  if (findSoundServer(env)?.kind !== 'pulse') {
    throw new SovereignError('not-found', _('No microphone found: no sound server (PipeWire with pipewire-pulse, or PulseAudio) is running in this session'), {
      hint: _('Start PipeWire or PulseAudio, then try again'),
    });
  }
  const output = await new Promise<string>((resolve, reject) => {
    execFile('pactl', ['--format=json', 'list', 'sources'], { env, timeout: 5_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new SovereignError('not-found', missing ? _('No microphone found: pactl is not installed, so the sound server cannot be asked for its devices') : format(_('No microphone found: the sound server does not answer ({reason})'), { reason: stderr.trim() || error.message }), {
          hint: _('Start PipeWire or PulseAudio, or install pulseaudio-utils'),
          cause: error,
        }),
      );
    });
  });
  let parsed: z.infer<typeof PactlSources>;
  try {
    parsed = PactlSources.parse(JSON.parse(output));
  } catch (error) {
    throw new SovereignError('internal', _('cannot read the sound server’s device list: pactl printed something other than a list of sources'), { cause: error });
  }
  return parsed.map((source) => ({
    name: source.name,
    description: source.description || source.name,
    isMonitor: source.properties?.['device.class'] === 'monitor',
  }));
}
