import type { AppRunner } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { boundedRunner } from './bounded-runner.js';

/** A runner whose start never becomes ready: it settles only when stopped (as a real one does). */
function neverReady() {
  const calls: string[] = [];
  let fail: ((error: Error) => void) | null = null;
  const runner: AppRunner = {
    kind: 'fake',
    baseUrl: 'http://127.0.0.1:9',
    port: 9,
    state: () => (fail ? 'starting' : 'stopped'),
    start: () => (calls.push('start'), new Promise<void>((_resolve, reject) => (fail = reject))),
    async stop() {
      calls.push('stop');
      fail?.(new Error('stopped while starting'));
      fail = null;
    },
    restart: async () => undefined,
    logs: () => ({ path: '', entries: () => [], text: () => '', tail: () => [] }),
    health: async () => ({ ok: false, durationMs: 0 }),
    restartAfterCrash: () => (
      calls.push('restartAfterCrash'),
      new Promise<void>((_resolve, reject) => (fail = reject))
    ),
  };
  return { runner, calls };
}

const budgetOut = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

describe('boundedRunner', () => {
  it.each(['start', 'restart', 'restartAfterCrash'] as const)(
    '%s ends when the budget runs out, the app stopped, with a clear error',
    async (method) => {
      const { runner, calls } = neverReady();
      const budget = new AbortController();
      const bounded = boundedRunner(runner, budget.signal, 20_000);
      const waiting = bounded[method]!();
      const outcome = expect(waiting).rejects.toMatchObject(
        method === 'restartAfterCrash'
          ? { message: 'stopped while starting' }
          : {
              code: 'SMOKE_LOOP_TIME_BUDGET',
              message: expect.stringMatching(/time budget of 20 s ran out while the app was starting/),
            },
      );
      budget.abort(budgetOut());
      await outcome;
      expect(calls.at(-1)).toBe('stop');
    },
  );

  it('a user interrupt mid-start is an interruption, not the budget', async () => {
    const { runner } = neverReady();
    const user = new AbortController();
    const waiting = boundedRunner(runner, user.signal, 20_000).start();
    user.abort('SIGINT');
    await expect(waiting).rejects.toMatchObject({ code: 'SMOKE_INTERRUPTED' });
  });

  it('nothing starts once the budget is spent', async () => {
    const { runner, calls } = neverReady();
    const budget = new AbortController();
    budget.abort(budgetOut());
    await expect(boundedRunner(runner, budget.signal, 5_000).start()).rejects.toMatchObject({
      code: 'SMOKE_LOOP_TIME_BUDGET',
    });
    expect(calls).toEqual([]);
  });
});
