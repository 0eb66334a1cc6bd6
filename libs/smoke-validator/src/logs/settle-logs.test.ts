import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../runner/app-runner.js';
import { settleLogs } from './settle-logs.js';

const entry = (line: string): LogEntry => ({ timeMs: Date.now(), stream: 'stdout', line });

describe('settleLogs', () => {
  it('ends early once every request id was logged and the log went quiet', async () => {
    const lines = [entry('request_id=id-1 status=200'), entry('request_id=id-2 status=500')];
    const waited = await settleLogs(() => lines, ['id-1', 'id-2'], { maxMs: 2000, quietMs: 30, intervalMs: 5 });
    expect(waited).toBeLessThan(500);
  });

  it('keeps waiting while lines still arrive, and for a request id not yet logged', async () => {
    const lines = [entry('request_id=id-1 status=200')];
    setTimeout(() => lines.push(entry('Traceback (most recent call last):')), 40);
    setTimeout(() => lines.push(entry('request_id=id-2 status=500')), 80);
    const waited = await settleLogs(() => lines, ['id-1', 'id-2'], { maxMs: 2000, quietMs: 30, intervalMs: 5 });
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(lines).toHaveLength(3);
  });

  it('waits the full maxMs when the app does not log request ids, and polls a tailed file', async () => {
    let polls = 0;
    const waited = await settleLogs(() => [entry('GET / 200')], ['id-1'], { maxMs: 120, quietMs: 10, intervalMs: 5, poll: () => void polls++ });
    expect(waited).toBeGreaterThanOrEqual(115);
    expect(polls).toBeGreaterThan(2);
    expect(await settleLogs(() => [], [], { maxMs: 0 })).toBe(0);
  });

  it('keeps waiting while `complete` says a 5xx still lacks its trace, and asks again only after new lines', async () => {
    const lines = [entry('request_id=id-1 status=500')];
    let asked = 0;
    setTimeout(() => lines.push(entry('Traceback (most recent call last):')), 150);
    const waited = await settleLogs(() => lines, ['id-1'], {
      maxMs: 2000,
      quietMs: 10,
      intervalMs: 5,
      complete: (entries) => (asked++, entries.some((e) => e.line.startsWith('Traceback'))),
    });
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(1000);
    expect(asked).toBe(2);
  });

  it('gives up at maxMs when `complete` never agrees', async () => {
    const waited = await settleLogs(() => [entry('request_id=id-1 status=500')], ['id-1'], { maxMs: 120, quietMs: 10, intervalMs: 5, complete: () => false });
    expect(waited).toBeGreaterThanOrEqual(115);
  });
});
