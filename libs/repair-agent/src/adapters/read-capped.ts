/** The most an LLM server's answer may hold: a chat completion is kilobytes; more is a fault. */
export const MAX_LLM_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * The body of `response` as text, or null once it passed `maxBytes` (the rest is not read: the
 * stream is cancelled, so an endless or huge answer costs at most `maxBytes` of memory).
 */
export async function readCappedText(response: Response, maxBytes = MAX_LLM_ANSWER_BYTES): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
