// A Python (FastAPI) app in the Docker runner on the real engine: demo-shop from its own venv in
// the local image tools/provision/python-image.sh builds (no registry), then the HTTP smoke.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDockerRunner, parseSmokeConfig, runSmoke, type AppRunner } from '@smoke-repair/smoke-validator';
import { removeRunnerContainers, requireDocker, runnerContainers } from './docker.js';
import { DEMO_SHOP, REPO, ensureVenv } from './python-env.js';
import { eventually, freePort, tempDir } from './support.js';

const PREFIX = `sv-py-${process.pid}-`;
const runners: AppRunner[] = [];
const cleanups: (() => void)[] = [];
let image = '';
let counter = 0;

beforeAll(() => {
  requireDocker();
  ensureVenv();
  const out = execFileSync('bash', [join(REPO, 'tools', 'provision', 'python-image.sh'), join(DEMO_SHOP, '.venv')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  });
  image = out.trim().split('\n').pop() ?? '';
}, 600_000);
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => removeRunnerContainers(PREFIX));

/** demo-shop in a container: its directory (with .venv) mounted read-only at /app, host network. */
async function demoShop(): Promise<AppRunner> {
  const port = await freePort();
  const logs = tempDir('py-logs');
  cleanups.push(logs.cleanup);
  const runner = createDockerRunner({
    image,
    appDir: DEMO_SHOP,
    readOnlyMount: true,
    port,
    name: `${PREFIX}${counter++}`,
    command: ['/app/.venv/bin/python', '-m', 'uvicorn', 'app.main:app', '--host', '127.0.0.1', '--port', String(port)],
    env: { GIT_SHA: 'integration-test' },
    readiness: { path: '/health', timeoutMs: 60_000 },
    health: { path: '/health' },
    stopTimeoutMs: 5_000,
    logFile: join(logs.path, 'server.log'),
  });
  runners.push(runner);
  return runner;
}

describe('Docker runner with a Python app (FastAPI on the local python image)', () => {
  it('serves /health, logs the traceback of a failing endpoint, and stops without leftovers', async () => {
    const app = await demoShop();
    await app.start();
    expect(app.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await app.health()).toMatchObject({ ok: true, status: 200 });
    expect(await (await fetch(`${app.baseUrl}/__meta`)).json()).toMatchObject({ git_sha: 'integration-test' });

    const since = Date.now();
    const response = await fetch(`${app.baseUrl}/carts/1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product_id: 2, quantity: 1 }),
    });
    expect(response.status).toBe(500);
    expect(await eventually(() => /^\w*Error: /m.test(app.logs().text(since - 1_000)), 10_000)).toBe(true);
    const text = app.logs().text(since - 1_000);
    expect(text).toContain('Traceback (most recent call last):');
    expect(text).toMatch(/File "\/app\/app\/[\w/]+\.py", line \d+/);

    await app.stop();
    expect(runnerContainers(PREFIX)).toEqual([]);
  });

  it('the HTTP smoke of demo-shop through the Docker runner attributes 5xx to in-app tracebacks', async () => {
    const artifacts = tempDir('py-artifacts');
    cleanups.push(artifacts.cleanup);
    const app = await demoShop();
    const config = parseSmokeConfig(
      { app: { root: '/app' }, smoke: { openapi: '/openapi.json', concurrency: 4 }, artifactsDir: artifacts.path },
      join(artifacts.path, 'smoke-repair.config.json'),
    );
    const { result } = await runSmoke(config, { runner: app, writeReports: false });
    expect(result.scenariosTested).toBeGreaterThan(0);
    expect(result.passRate).toBeLessThan(1);
    const summary = JSON.stringify(result.violations.map((v) => [v.kind, v.endpoint, v.actualStatus, v.message]));
    const serverErrors = result.violations.filter((v) => v.kind === 'server_error');
    expect(serverErrors.length, summary).toBeGreaterThan(0);
    for (const v of serverErrors) {
      expect(v.traces.length).toBeGreaterThan(0);
      expect(v.signature.file ?? '').toMatch(/^app\//);
    }
    expect(result.serverLogPath).toBe(app.logs().path);
  });
});
