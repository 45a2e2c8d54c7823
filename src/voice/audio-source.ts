// The one shape audio takes between Sovereign's voice stages: whatever hears
// (a microphone through the desktop's sound server, a WAV file standing in for
// one) hands the speech detector and the transcriber the same thing, so
// `sovereign listen --file` and the window's microphone button run one path.

/** Every voice stage works on 16 kHz mono: what Silero VAD and whisper.cpp take. */
export const VOICE_SAMPLE_RATE = 16_000;

export interface AudioSource {
  /** What the user would call it: "jfk.wav", "Built-in Audio Analog Stereo". */
  readonly name: string;
  /**
   * Mono samples at VOICE_SAMPLE_RATE in [-1, 1], in chunks of any length,
   * until the source ends (a file), the signal aborts (the user stopped), or
   * it fails: a device unplugged mid-utterance rejects the iteration with a
   * SovereignError that names the device, so listening stops cleanly.
   */
  chunks(signal: AbortSignal): AsyncIterable<Float32Array>;
}
