import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  StaleServiceError,
  createFreshnessCheck,
  createProcessRunner,
  type ProcessRunnerOptions,
  findPortListener,
  type AppRunner,
} from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const runners: AppRunner[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A process runner whose log file lives in a temp dir removed after the test. */
function processRunner(options: ProcessRunnerOptions) {
  const logs = tempDir('logs');
  cleanups.push(logs.cleanup);
  return createProcessRunner({ logFile: join(logs.path, 'server.log'), ...options });
}

async function metaApp(gitSha: string): Promise<AppRunner> {
  const port = await freePort();
  const dir = tempDir('fresh');
  cleanups.push(dir.cleanup);
  const runner = processRunner({
    command: ['python3', join(fixtures, 'server.py'), String(port)],
    cwd: dir.path,
    port,
    env: { GIT_SHA: gitSha },
    readiness: { path: '/health' },
  });
  runners.push(runner);
  await runner.start();
  return runner;
}

describe('freshness against a real service', () => {
  it('probes /__meta, restarts a service that started before the patch, and records the ss line', async () => {
    const app = await metaApp('abc123');
    const freshness = createFreshnessCheck({
      meta: { url: `${app.baseUrl}/__meta`, requiredFields: ['git_sha', 'started_at', 't_ms'] },
      port: app.port,
      startedAtToleranceMs: 0,
    });

    const first = await freshness.check({ restart: () => app.restart() });
    expect(first).toMatchObject({ fresh: true, restarted: false });
    expect(JSON.parse(first.meta ?? '{}')).toMatchObject({ git_sha: 'abc123', t_ms: 1 });
    expect(first.ss).toContain(`127.0.0.1:${app.port}`);
    expect(first.ss).toContain('python3');

    // A patch landed after the service started: it is stale until restarted.
    await new Promise((r) => setTimeout(r, 50));
    const patchedAt = Date.now();
    const second = await freshness.check({ restart: () => app.restart(), notBeforeMs: patchedAt });
    expect(second).toMatchObject({ fresh: true, restarted: true });
    expect(second.probes[0]?.reason).toMatch(/^started at .*, before /);
    expect(
      app
        .logs()
        .text()
        .match(/server booting/g),
    ).toHaveLength(2);
  });

  it('fails with StaleServiceError when the service stays stale after one restart', async () => {
    const app = await metaApp('');
    const freshness = createFreshnessCheck({ meta: { url: `${app.baseUrl}/__meta` }, port: app.port });
    const error = (await freshness
      .check({ restart: () => app.restart() })
      .catch((e: unknown) => e)) as StaleServiceError;
    expect(error).toBeInstanceOf(StaleServiceError);
    expect(error.message).toContain('missing git_sha');
    expect(error.report).toMatchObject({ fresh: false, restarted: true, ss: expect.stringContaining(`:${app.port}`) });
  });

  it('runs user probe/restart commands (the seed make exec-rpc-probe / exec-rpc-restart)', async () => {
    const dir = tempDir('commands');
    cleanups.push(dir.cleanup);
    writeFileSync(join(dir.path, 'state.json'), '{"status":"up"}\n');
    const freshness = createFreshnessCheck({
      commands: {
        probe: 'cat state.json',
        restart: `echo '{"status":"up","t_ms":42}' > state.json`,
        cwd: dir.path,
        requiredFields: ['t_ms'],
      },
    });
    const report = await freshness.check();
    expect(report).toMatchObject({ fresh: true, restarted: true, meta: '{"status":"up","t_ms":42}\n', ss: null });
    expect(readFileSync(join(dir.path, 'state.json'), 'utf8')).toContain('t_ms');
  });

  it('records null when nothing listens on the port', async () => {
    expect(await findPortListener(await freePort())).toBeNull();
  });
});
