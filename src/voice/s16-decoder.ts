/**
 * Turns a byte stream of signed 16-bit little-endian samples (what
 * `gst-launch … ! fdsink` writes) into floats in [-1, 1]. A pipe may split a
 * sample between two reads, so an odd trailing byte waits for the next one.
 */
export class S16Decoder {
  private carry: Buffer | undefined;

  decode(bytes: Buffer): Float32Array {
    const data = this.carry ? Buffer.concat([this.carry, bytes]) : bytes;
    const whole = data.length - (data.length % 2);
    this.carry = whole < data.length ? Buffer.from(data.subarray(whole)) : undefined;
    const samples = new Float32Array(whole / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2) / 32768;
    return samples;
  }
}
