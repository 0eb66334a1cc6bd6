import { describe, expect, it } from 'vitest';
import { fakeClock, fakeHttp, fakePorts, refused } from '../test-support/fakes.js';
import { describeError, describeTarget, waitUntilReady } from './readiness.js';

const base = { timeoutMs: 1_000, intervalMs: 100 };

describe('waitUntilReady', () => {
  it('is ready once the URL answers below 500', async () => {
    const http = fakeHttp((_url, call) =>
      call < 3 ? refused() : call < 4 ? { status: 503, body: '' } : { status: 404, body: '' },
    );
    const outcome = await waitUntilReady({
      ...base,
      target: { url: 'http://127.0.0.1:1/' },
      clock: fakeClock(),
      http,
      ports: fakePorts(),
      exited: () => null,
    });
    expect(outcome).toEqual({ kind: 'ready' });
    expect(http.calls).toHaveLength(4);
  });

  it('times out with the last probe result', async () => {
    const http = fakeHttp(() => ({ status: 502, body: '' }));
    const outcome = await waitUntilReady({
      ...base,
      target: { url: 'http://127.0.0.1:1/' },
      clock: fakeClock(),
      http,
      ports: fakePorts(),
      exited: () => null,
    });
    expect(outcome).toEqual({ kind: 'timeout', lastProbe: 'HTTP 502' });
  });

  it('keeps the probe before the last one when the end of the window cut the last one short', async () => {
    const clock = fakeClock();
    let calls = 0;
    const http = {
      get: async (_url: string, timeoutMs: number) => {
        if (++calls < 5) throw refused();
        clock.advance(timeoutMs);
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
    };
    const outcome = await waitUntilReady({
      ...base,
      target: { url: 'http://127.0.0.1:1/' },
      clock,
      http,
      ports: fakePorts(),
      exited: () => null,
    });
    expect(outcome).toEqual({ kind: 'timeout', lastProbe: 'ECONNREFUSED: connect ECONNREFUSED' });
  });

  it('reports the exit when the app dies first', async () => {
    let polls = 0;
    const outcome = await waitUntilReady({
      ...base,
      target: { host: '127.0.0.1', port: 1 },
      clock: fakeClock(),
      http: fakeHttp(() => refused()),
      ports: fakePorts(true, () => false),
      exited: () => (++polls > 2 ? { exitCode: 1, signal: null } : null),
    });
    expect(outcome).toEqual({ kind: 'exited', exit: { exitCode: 1, signal: null } });
  });

  it('accepts a TCP target', async () => {
    let accepts = 0;
    const outcome = await waitUntilReady({
      ...base,
      target: { host: '127.0.0.1', port: 1 },
      clock: fakeClock(),
      http: fakeHttp(() => refused()),
      ports: fakePorts(true, () => ++accepts > 1),
      exited: () => null,
    });
    expect(outcome.kind).toBe('ready');
  });

  it('describes targets and errors compactly', () => {
    expect(describeTarget({ host: '::1', port: 80 })).toBe('tcp ::1:80');
    expect(describeError(refused())).toBe('ECONNREFUSED: connect ECONNREFUSED');
    expect(describeError('x')).toBe('x');
  });
});
