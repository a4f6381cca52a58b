/**
 * The bytes of one relayed stream, copied into one growing buffer. Keeping the upstream's chunks
 * themselves would keep a Buffer per chunk alive for the stream's whole life, and at 64 concurrent
 * streams those survivors made every young-generation GC copy megabytes (a 5 ms pause every third
 * of a second, which the gateway's p99 time to first token felt). One buffer per stream, doubled
 * as needed, lets each chunk die as soon as it is written.
 */
export class ByteLog {
  private buffer: Buffer;
  private used = 0;

  constructor(capacity = 4096) {
    // Its own memory, not a slice of Node's shared pool that would keep the pool's other users alive.
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  get length(): number {
    return this.used;
  }

  append(chunk: Uint8Array): void {
    const needed = this.used + chunk.length;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.used);
    this.used = needed;
  }

  /** Everything appended so far (a view: valid until the next append). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  /** Whether `needle` occurs in the last `window` bytes. */
  endIncludes(needle: Buffer, window: number): boolean {
    return this.buffer.subarray(Math.max(0, this.used - window), this.used).includes(needle);
  }
}
