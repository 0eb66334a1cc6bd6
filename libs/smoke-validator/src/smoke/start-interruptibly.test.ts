import { describe, expect, it } from 'vitest';
import { SmokeInterruptedError } from '../errors.js';
import type { AppRunner } from '../runner/app-runner.js';
import { startInterruptibly } from './start-interruptibly.js';

/** A runner whose start waits until it is told to be ready, or until stop() kills the "process". */
function slowRunner(launchAfterStops = 0) {
  let stops = 0;
  let launched = launchAfterStops === 0;
  let finish: (outcome: 'ready' | 'killed') => void = () => undefined;
  let state: ReturnType<AppRunner['state']> = 'stopped';
  const runner = {
    kind: 'fake',
    baseUrl: 'http://127.0.0.1:1',
    port: 1,
    state: () => state,
    start: () =>
      new Promise<void>((resolve, reject) => {
        state = 'starting';
        finish = (outcome) => {
          state = outcome === 'ready' ? 'running' : 'stopped';
          if (outcome === 'ready') resolve();
          else reject(new Error('the app exited (killed)'));
        };
      }),
    // Before the process is launched there is nothing to stop (a start still checking its port).
    stop: async () => {
      stops += 1;
      if (!launched) {
        launched = stops >= launchAfterStops;
        return;
      }
      if (state === 'starting') finish('killed');
      state = 'stopped';
    },
  } as unknown as AppRunner;
  return { runner, ready: () => finish('ready'), stops: () => stops };
}

describe('startInterruptibly', () => {
  it('starts normally without an abort', async () => {
    const fake = slowRunner();
    const started = startInterruptibly(fake.runner, new AbortController().signal);
    fake.ready();
    await expect(started).resolves.toBeUndefined();
    expect(fake.stops()).toBe(0);
  });

  it('an abort during the start stops the app at once and says so', async () => {
    const fake = slowRunner();
    const controller = new AbortController();
    const started = startInterruptibly(fake.runner, controller.signal);
    controller.abort('SIGHUP');
    await expect(started).rejects.toThrow(SmokeInterruptedError);
    await expect(started).rejects.toMatchObject({ code: 'SMOKE_INTERRUPTED', reason: 'SIGHUP' });
    expect(fake.runner.state()).toBe('stopped');
  });

  it('keeps stopping until the start has launched something to stop', async () => {
    const fake = slowRunner(3);
    const controller = new AbortController();
    const started = startInterruptibly(fake.runner, controller.signal);
    controller.abort('SIGQUIT');
    await expect(started).rejects.toMatchObject({ reason: 'SIGQUIT' });
    expect(fake.stops()).toBeGreaterThanOrEqual(4);
    expect(fake.runner.state()).toBe('stopped');
  });

  it('an abort before the start starts nothing', async () => {
    const fake = slowRunner();
    const controller = new AbortController();
    controller.abort('SIGINT');
    await expect(startInterruptibly(fake.runner, controller.signal)).rejects.toMatchObject({ reason: 'SIGINT' });
    expect(fake.runner.state()).toBe('stopped');
  });
});
