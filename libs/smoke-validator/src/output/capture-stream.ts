import type { Readable } from 'node:stream';
import { CappedOutput, MAX_CAPTURED_OUTPUT_BYTES } from './capped-output.js';

/**
 * Collects a child's output stream into a `CappedOutput` (its first and last bytes, a marker
 * between): used instead of a process library's own buffering, which kills the child when its
 * output passes the buffer's size. A missing stream gives an empty capture.
 */
export function captureStream(
  stream: Readable | null | undefined,
  maxBytes: number = MAX_CAPTURED_OUTPUT_BYTES,
): CappedOutput {
  const capture = new CappedOutput(maxBytes);
  stream?.on('data', (chunk: Uint8Array | string) => capture.push(chunk));
  return capture;
}
