import fs from 'node:fs';
import path from 'node:path';

/**
 * Which GStreamer element reaches this session's sound server.
 *
 * `pulsesrc` is preferred whenever a PulseAudio-protocol socket exists,
 * because that is both a PulseAudio desktop and an ordinary PipeWire one
 * (pipewire-pulse serves the same socket): one element, and device names that
 * are exactly what `pactl list sources` prints for Preferences. `pipewiresrc`
 * is for a PipeWire session that runs without pipewire-pulse, where only the
 * native `pipewire-0` socket exists. Neither: there is no sound server, hence
 * no microphone.
 */
export type SoundServer =
  | { kind: 'pulse'; element: 'pulsesrc'; address: string }
  | { kind: 'pipewire'; element: 'pipewiresrc'; address: string };

export function findSoundServer(env: NodeJS.ProcessEnv = process.env): SoundServer | undefined {
  const explicit = env['PULSE_SERVER'];
  if (explicit) return { kind: 'pulse', element: 'pulsesrc', address: explicit };
  const runtime = env['XDG_RUNTIME_DIR'];
  if (!runtime) return undefined;
  const pulseSocket = path.join(runtime, 'pulse', 'native');
  if (fs.existsSync(pulseSocket)) return { kind: 'pulse', element: 'pulsesrc', address: pulseSocket };
  const pipewireSocket = path.join(runtime, env['PIPEWIRE_REMOTE'] ?? 'pipewire-0');
  if (fs.existsSync(pipewireSocket)) return { kind: 'pipewire', element: 'pipewiresrc', address: pipewireSocket };
  return undefined;
}
