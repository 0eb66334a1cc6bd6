import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter.js';

function split(chunks: (string | Uint8Array)[], max?: number): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((l) => lines.push(l), max);
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return lines;
}

describe('createLineSplitter', () => {
  it('joins lines split across chunks and trims CRLF', () => {
    expect(split(['hel', 'lo\r\nwor', 'ld\n', 'tail'])).toEqual(['hello', 'world', 'tail']);
  });

  it('decodes a UTF-8 sequence split across chunks', () => {
    const bytes = Buffer.from('é ok\n', 'utf8');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['é ok']);
  });

  it('cuts over-long lines instead of buffering without bound', () => {
    const lines = split(['x'.repeat(25), '\n'], 10);
    expect(lines[0]).toBe(`${'x'.repeat(10)}… [line truncated]`);
    expect(lines.length).toBeGreaterThan(1);
  });

  it('emits nothing for empty input', () => {
    expect(split([])).toEqual([]);
  });
});
