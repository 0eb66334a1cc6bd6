import { describe, expect, it } from 'vitest';
import type { AppExit, AppRunner } from '../runner/app-runner.js';
import { attributeTraces } from './attribute-traces.js';
import { buildSmokeResult } from './build-result.js';
import { createCrashGuard } from './crash-guard.js';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import type { HttpClient } from './http-client.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

/**
 * The fake CRUD API behind a fake runner: a request matching `kills` makes the app print a Node
 * trace and die (every request in flight or sent until the restart loses its connection); the
 * runner reports the exit a few ms later, as the real one does after draining output.
 */
function dyingApp(kills: RegExp, options: { killsEveryTime?: boolean; slowMs?: number } = {}) {
  const fake = fakeCrudApi();
  const listeners = new Set<(exit: AppExit) => void>();
  let dead = false;
  let killed = 0;
  let restarts = 0;
  const inFlight = new Set<() => void>();
  const refused = (message: string) => ({
    ok: false as const,
    kind: 'connection_error' as const,
    message,
    startedAtMs: Date.now(),
    durationMs: 0,
  });
  const client: HttpClient = {
    async send(request) {
      if (dead) return refused('ECONNREFUSED');
      if (
        kills.test(`${request.method} ${new URL(request.url).pathname}`) &&
        (options.killsEveryTime || killed === 0)
      ) {
        killed += 1;
        dead = true;
        const atMs = Date.now();
        fake.log.push(
          { timeMs: atMs, stream: 'stderr', line: 'Error: the handler threw' },
          { timeMs: atMs, stream: 'stderr', line: '    at handler (/srv/app/routes/loans.js:12:11)' },
        );
        for (const abort of inFlight) abort();
        setTimeout(() => {
          for (const l of listeners) l({ atMs, loggedAtMs: Date.now(), exitCode: 1, signal: null, how: 'process' });
        }, 5);
        return refused('UND_ERR_SOCKET other side closed');
      }
      // Slow requests are in flight when another one kills the app.
      const answer = await new Promise<'abort' | 'go'>((resolve) => {
        const abort = () => resolve('abort');
        inFlight.add(abort);
        setTimeout(() => {
          inFlight.delete(abort);
          resolve('go');
        }, options.slowMs ?? 0);
      });
      if (answer === 'abort' || dead) return refused('UND_ERR_SOCKET other side closed');
      return fake.client.send(request);
    },
  };
  const runner = {
    kind: 'process',
    baseUrl: 'http://127.0.0.1:9',
    port: 9,
    state: () => (dead ? 'stopped' : 'running'),
    start: async () => undefined,
    stop: async () => undefined,
    restart: async () => {
      restarts += 1;
      dead = false;
    },
    logs: () => {
      throw new Error('not used');
    },
    health: async () => ({ ok: !dead, durationMs: 0 }),
    onExit: (listener: (exit: AppExit) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies AppRunner;
  return { client, runner, fake, restarts: () => restarts };
}

async function smokeDying(app: ReturnType<typeof dyingApp>, maxRestarts: number, concurrency: number) {
  const plan = orderScenarios(generateScenarios(buildApiModel(libraryOpenApi(), 'library.json'), { seed: 't1' }));
  const guard = createCrashGuard(app.runner, { maxRestarts, graceMs: 500 });
  const runs = await executeScenarios(plan, { http: app.client, baseUrl: app.runner.baseUrl, concurrency, guard });
  guard.dispose();
  const requests = runs.flatMap((r) =>
    r.request
      ? [
          {
            requestId: r.request.requestId,
            startMs: r.startMs,
            endMs: r.endMs,
            status: r.response?.ok ? r.response.status : null,
          },
        ]
      : [],
  );
  const crashes = guard.crashes.flatMap((c) =>
    c.culprit ? [{ requestId: c.culprit.requestId, sinceMs: c.culprit.startMs - 10, untilMs: c.exit.loggedAtMs }] : [],
  );
  const attribution = attributeTraces(app.fake.log, requests, { parse: { appRoot: '/srv/app' }, crashes });
  const result = buildSmokeResult({
    runs,
    attribution,
    serverLogPath: null,
    startedAtMs: 0,
    durationMs: 5,
    target: app.runner.baseUrl,
    logEntries: app.fake.log,
    crashes: guard.crashes,
    appRestarts: guard.restarts(),
  });
  return { runs, result };
}

describe('crash guard: the app dies under a request', () => {
  for (const concurrency of [1, 4]) {
    it(`one crash violation with the fatal trace, one restart, every other scenario run \
(concurrency ${concurrency})`, async () => {
      const app = dyingApp(/^POST \/loans$/, { slowMs: 20 });
      const { result } = await smokeDying(app, 3, concurrency);
      expect(result.violations.map((v) => [v.scenarioId, v.kind])).toEqual([['POST /loans', 'crash']]);
      const crash = result.violations[0]!;
      expect(crash.message).toMatch(/crashed during this request \(exit code 1\); restarted/);
      expect(crash.traces).toHaveLength(1);
      expect(crash.traces[0]!.exception.message).toBe('the handler threw');
      expect(crash.signature.key).toMatch(/^Error@routes\/loans\.js/);
      expect(result.crashes!.length).toBeLessThanOrEqual(concurrency === 1 ? 1 : 2);
      for (const c of result.crashes!)
        expect(c).toMatchObject({ scenarioId: 'POST /loans', exitCode: 1, restarted: true });
      expect(result.crashes!.at(-1)!.signature).toBe(crash.signature.key);
      expect(result.appRestarts).toBe(app.restarts());
      // The crashing request was alone in flight, or rerun alone: at most one extra restart.
      expect(app.restarts()).toBeLessThanOrEqual(concurrency === 1 ? 1 : 2);
      // Dependants of the crashed create are blocked by it; everything else ran and passed.
      const notPassed = result.scenarios.filter((s) => s.status !== 'passed' && s.id !== 'POST /loans');
      expect(notPassed.every((s) => s.status === 'blocked' && s.blockedBy.includes('POST /loans'))).toBe(true);
    });
  }

  it('a crash named by rerunning its suspects alone costs one restart of the budget, not two', async () => {
    // Two handlers kill the app every time, four requests in flight: each crash may need a rerun
    // alone to be named, and a budget of two restarts still covers both.
    const app = dyingApp(/^(POST \/loans|PUT \/books\/\d+)$/, { killsEveryTime: true, slowMs: 20 });
    const { result } = await smokeDying(app, 2, 4);
    expect(result.violations.map((v) => [v.scenarioId, v.kind]).sort()).toEqual([
      ['POST /loans', 'crash'],
      ['PUT /books/{book_id}', 'crash'],
    ]);
    expect(result.crashes!.every((c) => c.restarted)).toBe(true);
    expect(result.appRestarts).toBe(result.crashes!.length);
  });

  it('stops restarting when the budget is spent: the rest is blocked by the crash, not failed', async () => {
    const app = dyingApp(/^GET \/authors$/, { killsEveryTime: true });
    const { result } = await smokeDying(app, 0, 1);
    expect(result.violations.map((v) => v.kind)).toEqual(['crash']);
    expect(result.violations[0]!.message).toMatch(
      /not restarted: the restart budget is spent \(smoke.maxCrashRestarts = 0\)/,
    );
    expect(app.restarts()).toBe(0);
    const after = result.scenarios.filter((s) => s.status === 'blocked');
    expect(after.length).toBeGreaterThan(0);
    expect(result.scenarios.filter((s) => s.status === 'failed').map((s) => s.id)).toEqual(['GET /authors']);
    const notSent = after.filter((s) =>
      s.notes.some((n) => n.startsWith('not sent: the app crashed under GET /authors and the restart budget is spent')),
    );
    expect(notSent.map((s) => s.id)).toContain('POST /authors');
    expect(notSent.every((s) => s.blockedBy.includes('GET /authors'))).toBe(true);
    expect(result.appRestarts).toBe(0);
  });

  it('a connection error while the app stays up is a connection_error, after the grace period', async () => {
    const fake = fakeCrudApi();
    const client: HttpClient = {
      send: async (request) =>
        request.url.endsWith('/authors') && request.method === 'GET'
          ? { ok: false, kind: 'connection_error', message: 'ECONNRESET', startedAtMs: 0, durationMs: 0 }
          : fake.client.send(request),
    };
    const runner = { ...dyingApp(/nothing/).runner };
    const plan = orderScenarios(generateScenarios(buildApiModel(libraryOpenApi(), 'library.json'), { seed: 't1' }));
    const guard = createCrashGuard(runner, { maxRestarts: 3, graceMs: 20 });
    const runs = await executeScenarios(plan, { http: client, baseUrl: runner.baseUrl, concurrency: 2, guard });
    expect(runs.find((r) => r.scenario.id === 'GET /authors')?.failure?.kind).toBe('connection_error');
    expect(guard.crashes).toEqual([]);
  });
});
