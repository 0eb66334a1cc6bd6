import { describe, expect, it } from 'vitest';
import { readCappedText } from './read-capped.js';

function endless(chunk: Uint8Array): ReadableStream<Uint8Array> {
  let pulls = 0;
  return new ReadableStream({
    pull: (controller) => void (pulls++ < 1_000_000 ? controller.enqueue(chunk) : controller.close()),
  });
}

describe('readCappedText', () => {
  it('reads an answer under the cap whole', async () => {
    expect(await readCappedText(new Response('{"ok":true}'), 100)).toBe('{"ok":true}');
  });

  it('stops at the cap on a huge or endless answer (null), without buffering it', async () => {
    const before = process.memoryUsage().rss;
    expect(await readCappedText(new Response(endless(new Uint8Array(64 * 1024).fill(120))), 1024 * 1024)).toBeNull();
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
