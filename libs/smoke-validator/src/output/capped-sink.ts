/**
 * A log file that cannot grow without bound: the first half of the cap goes to the file as it
 * comes, the last half is held in memory and written after a truncation marker when the log is
 * closed. The end of a log (a test runner's summary, a stack dump on timeout) is what readers
 * need most, so it is never the part dropped.
 */
import { ByteRing } from './byte-ring.js';
import { truncationMarker } from './capped-output.js';

/** The most bytes one test-command run's output log holds (its first and last halves). */
export const MAX_TEST_LOG_BYTES = 32 * 1024 * 1024;

/** Where output goes (a file). */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  close(): Promise<void>;
}

/** Wraps `sink` so that at most `maxBytes` of output (and one marker line) reach it. */
export function cappedSink(sink: ByteSink, maxBytes: number = MAX_TEST_LOG_BYTES): ByteSink {
  const headMax = Math.ceil(maxBytes / 2);
  const tail = new ByteRing(maxBytes - headMax);
  let written = 0;
  let total = 0;
  return {
    write(chunk) {
      total += chunk.length;
      let rest = chunk;
      if (written < headMax) {
        const first = rest.length <= headMax - written ? rest : rest.subarray(0, headMax - written);
        sink.write(first);
        written += first.length;
        rest = rest.subarray(first.length);
      }
      tail.push(rest);
    },
    async close() {
      const dropped = total - written - tail.bytes;
      if (dropped > 0) sink.write(Buffer.from(truncationMarker(dropped), 'utf8'));
      for (const chunk of tail.contents()) sink.write(chunk);
      await sink.close();
    },
  };
}
