/** How loud one chunk of audio is, for a level meter: both in dB relative to full scale. */
export interface AudioLevel {
  /** Root mean square: what the ear hears as loudness. */
  rmsDbfs: number;
  /** The largest sample: how close the signal came to clipping. */
  peakDbfs: number;
}

/**
 * The floor of the meter. A 16-bit sample's smallest step is ~-90 dBFS, so
 * anything quieter is digital silence; a finite floor keeps the value
 * printable as JSON and drawable on a level bar (-Infinity is neither).
 */
export const SILENCE_DBFS = -96;

function toDbfs(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_DBFS, 20 * Math.log10(amplitude)) : SILENCE_DBFS;
}

/** The RMS and peak level of samples in [-1, 1]; an empty chunk is silence. */
export function levelOf(samples: Float32Array): AudioLevel {
  let sumOfSquares = 0;
  let peak = 0;
  for (const sample of samples) {
    sumOfSquares += sample * sample;
    const magnitude = Math.abs(sample);
    if (magnitude > peak) peak = magnitude;
  }
  const rms = samples.length === 0 ? 0 : Math.sqrt(sumOfSquares / samples.length);
  return { rmsDbfs: toDbfs(rms), peakDbfs: toDbfs(peak) };
}

/** A level as a fraction for a meter from SILENCE_DBFS (0) to full scale (1). */
export function meterFraction(dbfs: number): number {
  return Math.min(1, Math.max(0, 1 - dbfs / SILENCE_DBFS));
}
