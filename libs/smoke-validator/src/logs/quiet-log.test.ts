import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../runner/app-runner.js';
import { waitForQuietLog } from './quiet-log.js';

// A fake clock: sleeping advances it, and the log grows on the schedule given.
function fakeLog(arrivals: readonly number[]) {
  let t = 0;
  const entries: LogEntry[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    read: () => {
      while (entries.length < arrivals.length && arrivals[entries.length]! <= t)
        entries.push({ timeMs: t, stream: 'stderr', line: `line ${entries.length}` });
      return entries;
    },
  };
}

describe('waitForQuietLog', () => {
  it('waits past a line that arrives shortly after the response, then ends after the quiet period', async () => {
    const log = fakeLog([20, 25]);
    const waited = await waitForQuietLog(log.read, { quietMs: 60, maxMs: 500, now: log.now, sleep: log.sleep });
    expect(waited).toBeGreaterThanOrEqual(85);
    expect(waited).toBeLessThan(100);
    expect(log.read()).toHaveLength(2);
  });

  it('a log that keeps growing costs at most maxMs', async () => {
    const log = fakeLog(Array.from({ length: 200 }, (_, i) => i * 5));
    expect(await waitForQuietLog(log.read, { quietMs: 60, maxMs: 300, now: log.now, sleep: log.sleep })).toBe(300);
  });

  it('maxMs 0 does not wait', async () => {
    const log = fakeLog([]);
    expect(await waitForQuietLog(log.read, { quietMs: 60, maxMs: 0, now: log.now, sleep: log.sleep })).toBe(0);
  });
});
