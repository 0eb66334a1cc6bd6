import { describe, expect, it } from 'vitest';
import { CappedOutput, truncationMarker } from './capped-output.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('CappedOutput', () => {
  it('keeps output of exactly the cap whole, with no marker', () => {
    const out = new CappedOutput(10);
    out.push(bytes('0123'));
    out.push(bytes('456789'));
    expect(out.text()).toBe('0123456789');
    expect(out.truncatedBytes).toBe(0);
  });

  it('keeps the head and the tail of output one byte over the cap and marks the byte it left out', () => {
    const out = new CappedOutput(10);
    out.push('01234');
    out.push('5X');
    out.push('6789');
    expect(out.truncatedBytes).toBe(1);
    expect(out.totalBytes).toBe(11);
    expect(out.text()).toBe(`01234${truncationMarker(1)}X6789`); // the "5" went
    expect(out.text()).toContain('[… 1 bytes truncated]');
  });

  it('holds no more than the cap however much is pushed, in chunks of any size', () => {
    const out = new CappedOutput(64);
    for (let i = 0; i < 10_000; i++) out.push(`line ${i}\n`);
    out.push('x'.repeat(1_000));
    out.push('the end\n');
    expect(Buffer.byteLength(out.text()) - Buffer.byteLength(truncationMarker(out.truncatedBytes))).toBe(64);
    expect(out.text().startsWith('line 0\nline 1\n')).toBe(true);
    expect(out.text().endsWith('xxxthe end\n')).toBe(true);
    expect(out.truncatedBytes).toBe(out.totalBytes - 64);
  });
});
