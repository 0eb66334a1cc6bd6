/**
 * A sink that redacts by value before anything reaches its file: a test command's output quotes
 * whatever the tests printed — an env token, a header value a test echoed — and its log is an
 * artifact, like server.log. Output is redacted a line at a time (no secret and no pattern of
 * `redactText` spans a newline); a line longer than `maxLineChars` is written in parts, split
 * at a space where there is one and never inside a known secret.
 */
import { StringDecoder } from 'node:string_decoder';
import { redactText } from '../http/redact.js';
import type { ByteSink } from './capped-sink.js';

/** The most text held back waiting for the end of a line. */
const MAX_PENDING_LINE_CHARS = 64 * 1024;

/** Wraps `sink` so that every secret of `secrets` (and every token-shaped value) is replaced before it is written. */
export function redactingSink(
  sink: ByteSink,
  secrets: readonly string[],
  maxLineChars: number = MAX_PENDING_LINE_CHARS,
): ByteSink {
  const decoder = new StringDecoder('utf8');
  // A split line keeps at least this much of its end for the next part: the longest secret, and
  // then some for a token shape (a JWT, `Bearer …`) the split would cut where there is no space.
  const overlap = Math.min(Math.floor(maxLineChars / 2), Math.max(256, ...secrets.map((s) => s.length)));
  let pending = '';
  const emit = (text: string): void => {
    if (text) sink.write(Buffer.from(redactText(text, secrets), 'utf8'));
  };
  return {
    write(chunk) {
      pending += decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      const end = pending.lastIndexOf('\n');
      if (end >= 0) {
        emit(pending.slice(0, end + 1));
        pending = pending.slice(end + 1);
      }
      if (pending.length > maxLineChars) {
        const cut = safeCut(pending, pending.length - overlap, overlap, secrets);
        emit(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
    },
    async close() {
      emit(pending + decoder.end());
      pending = '';
      await sink.close();
    },
  };
}

// Where to split `text` near `cut`: after the last space within `window` before it (token shapes
// hold no space), then moved back before any occurrence of a secret the split would cut in two.
function safeCut(text: string, cut: number, window: number, secrets: readonly string[]): number {
  const space = text.lastIndexOf(' ', cut - 1);
  let at = space >= cut - window && space >= 0 ? space + 1 : cut;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets) {
      const start = text.indexOf(secret, Math.max(0, at - secret.length + 1));
      if (start >= 0 && start < at && start + secret.length > at) {
        at = start;
        moved = true;
      }
    }
  }
  // A secret as long as the window starts the text: split anyway rather than hold it all.
  return at > 0 ? at : cut;
}
