/**
 * Turns a byte stream's chunks into lines. Chunks split lines anywhere (even inside a UTF-8
 * sequence), so partial lines are held until their newline arrives; over-long lines are cut so
 * garbage output (a binary dump, a line without newlines) cannot exhaust memory.
 */
import { StringDecoder } from 'node:string_decoder';

/** Default cap on one line's length, in characters. */
const DEFAULT_MAX_LINE_LENGTH = 16_384;

/** Receives each complete line (without its newline). */
export type LineSink = (line: string) => void;

/** Incremental splitter; call `push` per chunk and `end` once the stream ends. */
export interface LineSplitter {
  push(chunk: Uint8Array | string): void;
  /** Emits the last partial line, if any. */
  end(): void;
}

/** Creates a splitter that emits lines to `sink`. `\r\n` and a lone trailing `\r` are trimmed. */
export function createLineSplitter(sink: LineSink, maxLineLength = DEFAULT_MAX_LINE_LENGTH): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';

  const emit = (line: string) => {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    sink(trimmed.length > maxLineLength ? `${trimmed.slice(0, maxLineLength)}… [line truncated]` : trimmed);
  };

  const take = (text: string) => {
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (pending.length > maxLineLength) {
      // A line with no newline in sight: emit what we have rather than buffer without bound.
      emit(pending);
      pending = '';
    }
  };

  return {
    push(chunk) {
      take(
        typeof chunk === 'string'
          ? chunk
          : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      );
    },
    end() {
      take(decoder.end());
      if (pending.length > 0) emit(pending);
      pending = '';
    },
  };
}
