/** The last `maxBytes` bytes of a stream, held as a ring of chunks (oldest first). */
export class ByteRing {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now (at most `maxBytes`). */
  get bytes(): number {
    return this.size;
  }

  /** Adds a chunk; the oldest bytes go once more than `maxBytes` are held. The chunk is copied. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.maxBytes === 0) return;
    if (chunk.length >= this.maxBytes) {
      this.chunks = [Uint8Array.from(chunk.subarray(chunk.length - this.maxBytes))];
      this.size = this.maxBytes;
      return;
    }
    this.chunks.push(Uint8Array.from(chunk));
    this.size += chunk.length;
    while (this.size > this.maxBytes) {
      const oldest = this.chunks[0]!;
      const excess = this.size - this.maxBytes;
      if (oldest.length <= excess) {
        this.chunks.shift();
        this.size -= oldest.length;
      } else {
        this.chunks[0] = oldest.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** The bytes held, oldest first. */
  contents(): readonly Uint8Array[] {
    return this.chunks;
  }
}
