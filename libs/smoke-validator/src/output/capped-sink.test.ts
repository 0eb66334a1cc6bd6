import { describe, expect, it } from 'vitest';
import { truncationMarker } from './capped-output.js';
import { cappedSink, type ByteSink } from './capped-sink.js';

function memorySink(): ByteSink & { text(): string; closed: boolean } {
  const chunks: Uint8Array[] = [];
  const sink = {
    closed: false,
    write: (chunk: Uint8Array) => void chunks.push(Uint8Array.from(chunk)),
    close: async () => void (sink.closed = true),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
  return sink;
}

const write = (sink: ByteSink, ...parts: string[]): void => parts.forEach((p) => sink.write(Buffer.from(p, 'utf8')));

describe('cappedSink', () => {
  it('passes a log of exactly the cap through whole', async () => {
    const file = memorySink();
    const log = cappedSink(file, 10);
    write(log, '01234567', '89');
    await log.close();
    expect(file.text()).toBe('0123456789');
    expect(file.closed).toBe(true);
  });

  it('writes head, marker and tail for a log one byte over the cap', async () => {
    const file = memorySink();
    const log = cappedSink(file, 10);
    write(log, '0123', '4', 'Y', '5678', '9');
    await log.close();
    expect(file.text()).toBe(`01234${truncationMarker(1)}56789`);
  });

  it('keeps the end of a huge log (where a summary or a stack dump is) and writes no more than the cap', async () => {
    const file = memorySink();
    const log = cappedSink(file, 1_000);
    write(log, 'start\n');
    for (let i = 0; i < 100_000; i++) write(log, `noise line ${i}\n`);
    write(log, '==== 3 failed, 5 passed ====\n');
    await log.close();
    const text = file.text();
    expect(text.startsWith('start\nnoise line 0\n')).toBe(true);
    expect(text.endsWith('==== 3 failed, 5 passed ====\n')).toBe(true);
    expect(text).toMatch(/\n\[… \d+ bytes truncated\]\n/);
    const marker = /\[… (\d+) bytes truncated\]/.exec(text)!;
    expect(Buffer.byteLength(text) - Buffer.byteLength(truncationMarker(Number(marker[1])))).toBe(1_000);
  });
});
