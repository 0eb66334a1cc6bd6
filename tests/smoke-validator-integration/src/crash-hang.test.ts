import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSmokeConfig, runSmoke, type SmokeConfigInput, type SmokeEvent } from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const express4 = join(import.meta.dirname, '..', 'fixtures', 'crashing-express');
const pythonJobs = join(import.meta.dirname, '..', 'fixtures', 'crashing-python');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function expressConfig(smoke: Partial<SmokeConfigInput['smoke']>) {
  return appConfig(
    express4,
    (port, data) => [process.execPath, join(express4, 'server.js'), String(port), data],
    smoke,
  );
}

async function appConfig(
  root: string,
  command: (port: number, dataDir: string) => string[],
  smoke: Partial<SmokeConfigInput['smoke']>,
) {
  const port = await freePort();
  const dir = tempDir('crash');
  cleanups.push(dir.cleanup);
  return parseSmokeConfig(
    {
      app: {
        root,
        runner: {
          kind: 'process',
          command: command(port, dir.path),
          port,
          readiness: { path: '/health' },
          logFile: join(dir.path, 'server.log'),
        },
      },
      smoke: { openapi: '/openapi.json', ...smoke },
      artifactsDir: join(dir.path, 'artifacts'),
    },
    join(dir.path, 'smoke-repair.config.json'),
  );
}

describe('an Express 4 app whose async handler throws (the unhandled rejection kills Node)', () => {
  beforeAll(() => {
    execFileSync('bash', [join(express4, 'scripts', 'setup-deps.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
  }, 300_000);

  for (const concurrency of [4, 1]) {
    it(`one crash violation on the request that killed it, with its own trace; restarted; every other scenario ran \
(concurrency ${concurrency})`, async () => {
      const config = await expressConfig({ exclude: ['GET /exports'], concurrency });
      const events: SmokeEvent[] = [];
      const { result, reports } = await runSmoke(config, { onEvent: (e) => events.push(e) });
      const kinds = Object.fromEntries(result.violations.map((v) => [v.scenarioId, v.kind]));
      expect(kinds).toEqual({ 'POST /notes/{noteId}/archive': 'crash', 'GET /tags': 'server_error' });
      const crash = result.violations.find((v) => v.kind === 'crash')!;
      expect(crash.actualStatus).toBeNull();
      expect(crash.message).toMatch(/the app crashed during this request \(exit code 1\); restarted/);
      expect(crash.traces).toHaveLength(1);
      expect(crash.traces[0]!.exception).toMatchObject({
        type: 'TypeError',
        message: "Cannot read properties of undefined (reading 'stamp')",
      });
      expect(crash.traces[0]!.culprit).toMatchObject({
        file: join(express4, 'src', 'notes.js'),
        line: 29,
        inApp: true,
      });
      expect(crash.signature.key).toMatch(/^TypeError@src\/notes\.js:\d+/);
      // The request logged just before keeps its own (absent) trace; the sync bug keeps its own.
      const tags = result.violations.find((v) => v.scenarioId === 'GET /tags')!;
      if (tags.traces.length === 0)
        console.log(
          readFileSync(result.serverLogPath!, 'utf8'),
          JSON.stringify(result.stackTraces.map((t) => [t.exception, t.span])),
        );
      expect(tags.traces.map((t) => t.exception.message)).toEqual(['tagNames is not defined']);
      expect(tags.signature.hash).not.toBe(crash.signature.hash);
      // One death, or two when it was in flight with others and crashed the app again when rerun alone.
      expect(result.crashes!.length).toBeGreaterThanOrEqual(1);
      expect(result.crashes!.length).toBeLessThanOrEqual(concurrency === 1 ? 1 : 2);
      for (const c of result.crashes!)
        expect(c).toMatchObject({ scenarioId: 'POST /notes/{noteId}/archive', exitCode: 1, restarted: true });
      expect(result.crashes!.at(-1)!.signature).toBe(crash.signature.key);
      expect(result.appRestarts).toBe(result.crashes!.length);
      const others = result.scenarios.filter((s) => s.id !== 'POST /notes/{noteId}/archive' && s.id !== 'GET /tags');
      expect(others.map((s) => [s.id, s.status])).toEqual(others.map((s) => [s.id, 'passed']));
      expect(others.map((s) => s.id)).toContain('DELETE /notes/{noteId}');
      expect(events.filter((e) => e.type === 'crash')).toHaveLength(result.crashes!.length);
      expect(readFileSync(reports!.html, 'utf8')).toContain('crashed the app');
    }, 60_000);
  }
});

describe('hangs and a crash without a trace', () => {
  it('a Node handler that never answers: a timeout with what the app logged during it, one root cause', async () => {
    const config = await expressConfig({ exclude: ['POST /notes/{noteId}/archive'], timeoutMs: 1_500 });
    const { result } = await runSmoke(config, { writeReports: false });
    const hang = result.violations.find((v) => v.endpoint === 'GET /exports')!;
    expect(hang).toMatchObject({ kind: 'timeout', actualStatus: null, traces: [] });
    expect(hang.message).toMatch(/no complete response within 1500 ms/);
    expect(hang.responseExcerpt).toMatch(/^server log during the request:\n/);
    expect(hang.responseExcerpt).toContain('export started: format=json');
    expect(hang.signature.key).toBe('timeout@GET /exports: no response');
    expect(result.violations.filter((v) => v.signature.hash === hang.signature.hash)).toHaveLength(1);
    // Node cannot dump a stack here: nothing was killed, nothing restarted.
    expect(result.crashes).toEqual([]);
    expect(result.appRestarts).toBe(0);
  }, 60_000);

  it(`a Python handler that calls os._exit: a crash with the exit code and its log lines; a hung Python handler: a \
timeout with the stack faulthandler dumped`, async () => {
    const config = await appConfig(
      pythonJobs,
      (port, data) => ['python3', '-u', join(pythonJobs, 'server.py'), String(port), data],
      { timeoutMs: 1_500, concurrency: 2 },
    );
    const { result } = await runSmoke(config, { writeReports: false });
    const byEndpoint = Object.fromEntries(result.violations.map((v) => [v.endpoint, v]));
    expect(Object.keys(byEndpoint).sort()).toEqual(['GET /reports', 'POST /jobs/{jobId}/run']);
    const crash = byEndpoint['POST /jobs/{jobId}/run']!;
    expect(crash).toMatchObject({ kind: 'crash', actualStatus: null, traces: [] });
    expect(crash.message).toMatch(/crashed during this request \(exit code 3\); restarted/);
    expect(crash.responseExcerpt).toMatch(/running job \d+/);
    expect(crash.signature.key).toBe('crash@POST /jobs/{jobId}/run: no response');
    const hang = byEndpoint['GET /reports']!;
    expect(hang.kind).toBe('timeout');
    expect(hang.responseExcerpt).toMatch(/building report over \d+ jobs/);
    expect(hang.traces).toHaveLength(1);
    expect(hang.traces[0]!.culprit).toMatchObject({
      function: 'build_report',
      file: expect.stringMatching(/(^|\/)jobs\/handlers\.py$/),
    });
    expect(hang.signature.key).toMatch(/^Timeout@jobs\/handlers\.py:\d+ build_report/);
    // Every death is the run handler's (twice when the hung request was in flight with it the first
    // time: both were rerun alone); the stack dump's stop is not a crash. The rest passed after the restarts.
    expect(result.crashes!.length).toBeGreaterThanOrEqual(1);
    expect(result.crashes!.length).toBeLessThanOrEqual(2);
    for (const c of result.crashes!)
      expect(c).toMatchObject({ scenarioId: 'POST /jobs/{jobId}/run', exitCode: 3, restarted: true, signature: null });
    const others = result.scenarios.filter((s) => !['GET /reports', 'POST /jobs/{jobId}/run'].includes(s.id));
    expect(others.map((s) => [s.id, s.status])).toEqual(others.map((s) => [s.id, 'passed']));
  }, 60_000);
});
