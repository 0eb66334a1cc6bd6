import { describe, expect, it } from 'vitest';
import { REDACTED } from '../http/redact.js';
import type { ByteSink } from './capped-sink.js';
import { redactingSink } from './redacting-sink.js';

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

const SECRET = 'hdr-value-5f1c9e';

describe('redactingSink', () => {
  it('replaces a secret split across chunks, and a token shape, line by line', async () => {
    const file = memorySink();
    const log = redactingSink(file, [SECRET]);
    for (const part of ['ok 1\nheader=hdr-va', 'lue-5f1c9e seen\n', 'key sk-proj-abcdefghijklmnop1234 end'])
      log.write(Buffer.from(part, 'utf8'));
    // A whole line goes out at once; the unfinished one waits for its end.
    expect(file.text()).toBe(`ok 1\nheader=${REDACTED} seen\n`);
    await log.close();
    expect(file.text()).toBe(`ok 1\nheader=${REDACTED} seen\nkey ${REDACTED} end`);
    expect(file.closed).toBe(true);
  });

  it('a line with no end is written in parts, never split inside a secret', async () => {
    const file = memorySink();
    const log = redactingSink(file, [SECRET], 1024);
    // 2000 characters at once: the part written now ends 256 before the end — inside the secret.
    const line = `${'x'.repeat(1740)}${SECRET}${'y'.repeat(244)}`;
    log.write(Buffer.from(line, 'utf8'));
    expect(file.text()).toBe('x'.repeat(1740));
    log.write(Buffer.from('z'.repeat(3000), 'utf8'));
    await log.close();
    expect(file.text()).toBe(`${'x'.repeat(1740)}${REDACTED}${'y'.repeat(244)}${'z'.repeat(3000)}`);
  });

  it('keeps a character split between chunks whole', async () => {
    const file = memorySink();
    const log = redactingSink(file, []);
    const bytes = Buffer.from('été\n', 'utf8');
    log.write(bytes.subarray(0, 1));
    log.write(bytes.subarray(1));
    await log.close();
    expect(file.text()).toBe('été\n');
  });
});
