import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSmokeConfig, runSmoke, type SmokeConfigInput, type SmokeEvent } from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const express4 = join(import.meta.dirname, '..', 'fixtures', 'crashing-express');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function expressConfig(smoke: Partial<SmokeConfigInput['smoke']>) {
  const port = await freePort();
  const dir = tempDir('crash');
  cleanups.push(dir.cleanup);
  return parseSmokeConfig(
    {
      app: {
        root: express4,
        runner: { kind: 'process', command: [process.execPath, join(express4, 'server.js'), String(port), dir.path], port, readiness: { path: '/health' }, logFile: join(dir.path, 'server.log') },
      },
      smoke: { openapi: '/openapi.json', ...smoke },
      artifactsDir: join(dir.path, 'artifacts'),
    },
    join(dir.path, 'smoke-repair.config.json'),
  );
}

describe('an Express 4 app whose async handler throws (the unhandled rejection kills Node)', () => {
  beforeAll(() => {
    execFileSync('bash', [join(express4, 'scripts', 'setup-deps.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  }, 300_000);

  for (const concurrency of [4, 1]) {
    it(`one crash violation on the request that killed it, with its own trace; restarted once; every other scenario ran (concurrency ${concurrency})`, async () => {
      const config = await expressConfig({ exclude: ['GET /exports'], concurrency });
      const events: SmokeEvent[] = [];
      const { result, reports } = await runSmoke(config, { onEvent: (e) => events.push(e) });
      const kinds = Object.fromEntries(result.violations.map((v) => [v.scenarioId, v.kind]));
      expect(kinds).toEqual({ 'POST /notes/{noteId}/archive': 'crash', 'GET /tags': 'server_error' });
      const crash = result.violations.find((v) => v.kind === 'crash')!;
      expect(crash.actualStatus).toBeNull();
      expect(crash.message).toMatch(/the app crashed during this request \(exit code 1\); restarted/);
      expect(crash.traces).toHaveLength(1);
      expect(crash.traces[0]!.exception).toMatchObject({ type: 'TypeError', message: "Cannot read properties of undefined (reading 'stamp')" });
      expect(crash.traces[0]!.culprit).toMatchObject({ file: join(express4, 'src', 'notes.js'), line: 29 });
      expect(crash.signature.key).toMatch(/^TypeError@src\/notes\.js:\d+/);
      // The request logged just before keeps its own (absent) trace; the sync bug keeps its own.
      const tags = result.violations.find((v) => v.scenarioId === 'GET /tags')!;
      if (tags.traces.length === 0) console.log(readFileSync(result.serverLogPath!, 'utf8'), JSON.stringify(result.stackTraces.map((t) => [t.exception, t.span])));
      expect(tags.traces.map((t) => t.exception.message)).toEqual(['tagNames is not defined']);
      expect(tags.signature.hash).not.toBe(crash.signature.hash);
      expect(result.crashes).toEqual([expect.objectContaining({ scenarioId: 'POST /notes/{noteId}/archive', exitCode: 1, restarted: true, signature: crash.signature.key })]);
      expect(result.appRestarts).toBeGreaterThanOrEqual(1);
      expect(result.appRestarts).toBeLessThanOrEqual(2);
      const others = result.scenarios.filter((s) => s.id !== 'POST /notes/{noteId}/archive' && s.id !== 'GET /tags');
      expect(others.map((s) => [s.id, s.status])).toEqual(others.map((s) => [s.id, 'passed']));
      expect(others.map((s) => s.id)).toContain('DELETE /notes/{noteId}');
      expect(events.filter((e) => e.type === 'crash')).toHaveLength(1);
      expect(readFileSync(reports!.html, 'utf8')).toContain('crashed the app');
    }, 60_000);
  }
});
