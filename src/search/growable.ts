type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
type Constructor<T extends TypedArray> = { new (length: number): T };

/**
 * A typed array that can be appended to (doubling its storage): columns of
 * numbers without a JS object or boxed number per element.
 */
export class Growable<T extends TypedArray> {
  length: number;

  constructor(
    private readonly kind: Constructor<T>,
    public data: T,
    length = data.length,
  ) {
    this.length = length;
  }

  static empty<T extends TypedArray>(kind: Constructor<T>, capacity = 16): Growable<T> {
    return new Growable(kind, new kind(capacity), 0);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.kind(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a view, no copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
