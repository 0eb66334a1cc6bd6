/**
 * Output of a command kept in bounded memory: its first and its last bytes, with a marker
 * saying how many bytes between them were not kept. A runaway command (a test suite printing
 * gigabytes, an agent stuck in a loop) costs at most the cap, and nothing is lost silently.
 */
import { ByteRing } from './byte-ring.js';

/**
 * The most bytes of one captured stream (an agent's stdout, a build's output) kept in memory:
 * the first half and the last half of it.
 */
export const MAX_CAPTURED_OUTPUT_BYTES = 4 * 1024 * 1024;

/** The line that stands for the bytes left out. */
export function truncationMarker(bytes: number): string {
  return `\n[… ${bytes} bytes truncated]\n`;
}

/** A bounded capture: the head as it came, the tail in a ring. */
export class CappedOutput {
  private readonly headMax: number;
  private readonly head: Uint8Array[] = [];
  private headBytes = 0;
  private readonly tail: ByteRing;
  private total = 0;

  /** Keeps at most `maxBytes`: the first half (rounded up) and the last half. */
  constructor(readonly maxBytes: number = MAX_CAPTURED_OUTPUT_BYTES) {
    this.headMax = Math.ceil(maxBytes / 2);
    this.tail = new ByteRing(maxBytes - this.headMax);
  }

  /** Every byte pushed so far. */
  get totalBytes(): number {
    return this.total;
  }

  /** The bytes pushed but not kept (0 while the output fits). */
  get truncatedBytes(): number {
    return Math.max(0, this.total - this.maxBytes);
  }

  /** Adds a chunk (text is taken as UTF-8). */
  push(chunk: Uint8Array | string): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.total += bytes.length;
    if (this.headBytes < this.headMax) {
      const room = this.headMax - this.headBytes;
      const first = bytes.length <= room ? bytes : bytes.subarray(0, room);
      this.head.push(Uint8Array.from(first));
      this.headBytes += first.length;
      bytes = bytes.subarray(first.length);
    }
    this.tail.push(bytes);
  }

  /** The output as text: all of it while it fits, else head, marker, tail. */
  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail.contents()).toString('utf8');
    const dropped = this.truncatedBytes;
    return dropped > 0 ? `${head}${truncationMarker(dropped)}${tail}` : head + tail;
  }
}
