import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadSmokeConfig,
  parseSmokeConfig,
  runSmoke,
  smokeResultSchema,
  type SmokeRun,
} from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const demoShop = resolve(import.meta.dirname, '..', '..', '..', 'apps', 'demo-shop');

describe('HTTP smoke of the real demo-shop (FastAPI, uvicorn)', () => {
  let run: SmokeRun;

  beforeAll(async () => {
    execFileSync('bash', [join(demoShop, 'scripts', 'setup-venv.sh')], { stdio: 'ignore', timeout: 600_000 });
    const shipped = await loadSmokeConfig(join(demoShop, 'smoke-repair.config.json'));
    const port = await freePort();
    const out = tempDir('demo-shop');
    const raw = JSON.parse(JSON.stringify(shipped)) as {
      app: { runner: Record<string, unknown> };
      artifactsDir: string;
      configPath?: string;
      configDir?: string;
    };
    delete raw.configPath;
    delete raw.configDir;
    raw.app.runner = { ...raw.app.runner, port, logFile: join(out.path, 'server.log') };
    raw.artifactsDir = join(out.path, 'artifacts');
    run = await runSmoke(parseSmokeConfig(raw, shipped.configPath));
  }, 600_000);

  it("reports a pass rate near the seed's 56% (blocked endpoints count as not passed)", () => {
    const { result } = run;
    expect(smokeResultSchema.parse(result)).toBeTruthy();
    expect(result.endpointsTested).toBe(34);
    expect(result.passRate).toBeGreaterThanOrEqual(0.5);
    expect(result.passRate).toBeLessThanOrEqual(0.62);
  });

  it('gives every 5xx a trace whose culprit is in the app, with distinct signatures per root cause', () => {
    const errors = run.result.violations.filter((v) => v.kind === 'server_error');
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const v of errors) {
      expect(v.traces.length, v.endpoint).toBeGreaterThanOrEqual(1);
      const culprit = v.traces.find((t) => t.culprit?.inApp)?.culprit;
      expect(culprit?.file.startsWith(join(demoShop, 'app') + '/'), `${v.endpoint}: ${culprit?.file}`).toBe(true);
      expect(culprit!.line).toBeGreaterThan(0);
      expect(v.signature.hash).toMatch(/^[0-9a-f]{16}$/);
      expect(v.signature.key).toContain(`app/`);
      expect(v.reproduce).toContain(`X-Request-ID: ${v.requestId}`);
    }
    expect(new Set(errors.map((v) => v.signature.hash)).size).toBeGreaterThanOrEqual(5);
  });

  it('marks blocked scenarios with what blocked them', () => {
    const blocked = run.result.scenarios.filter((s) => s.status === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(run.result.blocked).toBe(blocked.length);
    for (const s of blocked) {
      expect(s.blockedBy.length).toBeGreaterThan(0);
      expect(s.actualStatus).toBeNull();
      expect(run.result.violations.some((v) => v.scenarioId === s.id)).toBe(false);
    }
  });

  it('writes parseable reports and checks freshness first', () => {
    // one test case per scenario: the 34 endpoints' positive ones and their invalid variants
    expect(readFileSync(run.reports!.junit, 'utf8')).toMatch(
      new RegExp(`<testsuites [^>]*tests="${run.result.scenariosTested}"`),
    );
    expect(readFileSync(run.reports!.html, 'utf8')).toContain('POST /carts/{cart_id}/items');
    expect(JSON.parse(readFileSync(run.reports!.json, 'utf8')).violations.length).toBe(run.result.violations.length);
    expect(run.freshness).not.toBeNull();
  });
});
