/** Bounded excerpts of response bodies for violations and reports. */

/** Default excerpt size in bytes (UTF-8). */
const EXCERPT_BYTES = 2048;

/** `text` cut to at most `maxBytes` UTF-8 bytes (on a character boundary), with a marker when cut. */
export function excerpt(text: string, maxBytes = EXCERPT_BYTES, totalBytes?: number): string {
  const bytes = Buffer.from(text, 'utf8');
  const total = totalBytes ?? bytes.length;
  if (bytes.length <= maxBytes && total <= bytes.length) return text;
  let cut = bytes.subarray(0, Math.min(maxBytes, bytes.length)).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}… [truncated: ${total > bytes.length ? `more than ${total}` : total} bytes in all]`;
}
