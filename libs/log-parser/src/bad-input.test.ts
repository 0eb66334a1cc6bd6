import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLogs } from './parse-logs.js';
import { parseLogStream, streamStackTraces } from './stream-logs.js';
import { FIXTURES_DIR } from './test-support/fixtures.js';

const uvicorn = readFileSync(join(FIXTURES_DIR, 'py-uvicorn.log'));
const appRoot = '/tmp/smoke-repair-fixtures/python-app';

// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
function garbage(size: number, seed = 42): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('bad input', () => {
  it('returns no traces for empty input', async () => {
    expect(parseLogs('')).toEqual([]);
    expect(await parseLogStream([])).toEqual([]);
    expect(await parseLogStream([''])).toEqual([]);
  });

  it('survives binary garbage and still finds the real traces around it', async () => {
    const input = Buffer.concat([garbage(2 * 1024 * 1024), Buffer.from('\n'), uvicorn, garbage(64 * 1024, 7)]);
    const traces = await parseLogStream([input], { appRoot });
    expect(traces.map((t) => t.exception.type)).toEqual(
      parseLogs(uvicorn.toString('utf8'), { appRoot }).map((t) => t.exception.type),
    );
  });

  it('reads invalid UTF-8 as replacement characters without losing the trace', async () => {
    const text = uvicorn.toString('latin1');
    const at = text.indexOf('KeyError');
    const broken = Buffer.concat([
      uvicorn.subarray(0, at + 10),
      Buffer.from([0xff, 0xfe, 0xc3]),
      uvicorn.subarray(at + 10),
    ]);
    const traces = await parseLogStream([broken], { appRoot });
    expect(traces).toHaveLength(parseLogs(uvicorn.toString('utf8'), { appRoot }).length);
    expect(traces[0]!.exception.message).toContain('\uFFFD');
  });

  it('cuts a 10 MB single line instead of holding it, and keeps line numbers', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const input = `${huge}\n${uvicorn.toString('utf8')}`;
    const whole = parseLogs(input, { appRoot });
    const streamed = await parseLogStream(
      (function* () {
        for (let i = 0; i < input.length; i += 65536) yield input.slice(i, i + 65536);
      })(),
      { appRoot },
    );
    expect(streamed).toEqual(whole);
    expect(whole[0]!.span.startLine).toBe(parseLogs(uvicorn.toString('utf8'))[0]!.span.startLine + 1);
  });

  it('reports a trace cut off at end of input as partial', () => {
    const text = uvicorn.toString('utf8');
    const cut = text.slice(0, text.indexOf('File', text.indexOf('Traceback')) + 40);
    const traces = parseLogs(cut, { appRoot });
    expect(traces).toHaveLength(1);
    expect(traces[0]!.partial).toBe(true);
  });

  it('streams a large log with memory bounded by the largest trace, not the input', async () => {
    const block = uvicorn.toString('utf8');
    const repeats = Math.ceil((48 * 1024 * 1024) / block.length);
    async function* chunks() {
      for (let i = 0; i < repeats; i++) yield block;
    }
    const perBlock = parseLogs(block).length;
    let count = 0;
    let peak = 0;
    const before = process.memoryUsage().heapUsed;
    for await (const trace of streamStackTraces(chunks(), { appRoot })) {
      count++;
      if (trace.span.startLine < 0) throw new Error('unreachable');
      if (count % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(perBlock * repeats);
    // 48 MB went through; a parser that kept the input (or the traces) would hold far more.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  });
});
