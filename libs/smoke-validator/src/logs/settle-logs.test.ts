import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../runner/app-runner.js';
import { settleLogs, type SettleOptions } from './settle-logs.js';

// Fake timers: the wait's clock (Date.now) and its sleeps (setTimeout) are both virtual, so the
// times below are exact whatever the machine is doing.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const entry = (line: string): LogEntry => ({ timeMs: Date.now(), stream: 'stdout', line });

async function settle(
  read: () => readonly LogEntry[],
  ids: readonly string[],
  options: SettleOptions,
): Promise<number> {
  const waited = settleLogs(read, ids, options);
  await vi.runAllTimersAsync();
  return waited;
}

describe('settleLogs', () => {
  it('ends once every request id was logged and the log stayed quiet for quietMs', async () => {
    const lines = [entry('request_id=id-1 status=200'), entry('request_id=id-2 status=500')];
    expect(await settle(() => lines, ['id-1', 'id-2'], { maxMs: 2000, quietMs: 30, intervalMs: 5 })).toBe(30);
  });

  it('keeps waiting while lines still arrive, and for a request id not yet logged', async () => {
    const lines = [entry('request_id=id-1 status=200')];
    setTimeout(() => lines.push(entry('Traceback (most recent call last):')), 40);
    setTimeout(() => lines.push(entry('request_id=id-2 status=500')), 80);
    const waited = await settle(() => lines, ['id-1', 'id-2'], { maxMs: 2000, quietMs: 30, intervalMs: 5 });
    expect(waited).toBe(110);
    expect(lines).toHaveLength(3);
  });

  it('waits the full maxMs when the app does not log request ids, and polls a tailed file', async () => {
    let polls = 0;
    const waited = await settle(() => [entry('GET / 200')], ['id-1'], {
      maxMs: 120,
      quietMs: 10,
      intervalMs: 5,
      poll: () => void polls++,
    });
    expect(waited).toBe(120);
    expect(polls).toBe(25);
    expect(await settle(() => [], [], { maxMs: 0 })).toBe(0);
  });

  it(`keeps waiting while \`complete\` says a 5xx still lacks its trace, and asks again only after new \
lines`, async () => {
    const lines = [entry('request_id=id-1 status=500')];
    let asked = 0;
    setTimeout(() => lines.push(entry('Traceback (most recent call last):')), 150);
    const waited = await settle(() => lines, ['id-1'], {
      maxMs: 2000,
      quietMs: 10,
      intervalMs: 5,
      complete: (entries) => (asked++, entries.some((e) => e.line.startsWith('Traceback'))),
    });
    expect(waited).toBe(160);
    expect(asked).toBe(2);
  });

  it('gives up at maxMs when `complete` never agrees', async () => {
    const waited = await settle(() => [entry('request_id=id-1 status=500')], ['id-1'], {
      maxMs: 120,
      quietMs: 10,
      intervalMs: 5,
      complete: () => false,
    });
    expect(waited).toBe(120);
  });
});
