import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairResult } from '@smoke-repair/repair-agent';
import { loadSmokeConfig, parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp, freePort, prepare, VENV_PYTHON } from './apps.js';

const demoShop = { name: 'demo-shop', language: 'python' } as const;

// The seed's scenario end to end: demo-shop's real HTTP smoke (smoke-validator, from its
// OpenAPI document) → violations → the recipes alone → git apply → its pytest smoke suite.
describe(`demo-shop: every baseline 5xx root cause gets a recipe patch, and the fixed copy passes its smoke \
suite`, () => {
  let dir: string;
  let cleanup: () => void;
  // A bug behind another one (a failure after the first one's line) shows once the first is
  // fixed: like the loop, smoke → repair → apply again, at most three rounds.
  const rounds: { run: SmokeRun; result: RepairResult }[] = [];

  beforeAll(async () => {
    prepare(demoShop);
    ({ dir, cleanup } = copyApp(demoShop));
    const shipped = await loadSmokeConfig(join(dir, 'smoke-repair.config.json'));
    for (let round = 0; round < 3; round++) {
      const raw = JSON.parse(JSON.stringify(shipped)) as {
        app: { runner: Record<string, unknown> };
        smoke: { concurrency: number };
        artifactsDir: string;
        configPath?: string;
        configDir?: string;
      };
      // One request at a time, as the loop smokes: concurrent scenarios reorder shared state
      // (an order may take a cart before its items are updated), and rounds must compare.
      raw.smoke.concurrency = 1;
      delete raw.configPath;
      delete raw.configDir;
      raw.app.runner = {
        ...raw.app.runner,
        port: await freePort(),
        logFile: join(dir, '.smoke', `server-${round}.log`),
      };
      raw.artifactsDir = join(dir, '.smoke', `artifacts-${round}`);
      const run = await runSmoke(parseSmokeConfig(raw, shipped.configPath));
      if (!run.result.violations.some((v) => v.kind === 'server_error')) break;
      const result = await repairFromSmokeViolations(run.result.violations, {
        appRoot: dir,
        python: VENV_PYTHON,
        strategies: [createRecipeStrategy()],
      });
      rounds.push({ run, result });
      applyPatches(dir, result.patches);
      if (result.patches.length === 0) break;
    }
  });

  afterAll(() => cleanup?.());

  it('patches every runtime-error root cause of every round with a recipe, within policy', () => {
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    expect(rounds[0]!.result.rootCauses.filter((c) => c.kind === 'runtime_error').length).toBeGreaterThanOrEqual(5);
    for (const { result } of rounds) {
      const attempts = result.attempts.map((a) => `${a.signature}: ${a.outcome} ${a.detail}`).join('\n');
      for (const cause of result.rootCauses.filter((c) => c.kind === 'runtime_error')) {
        const patch = result.patches.find((p) => p.rootCause === cause.id);
        const done = result.attempts.some((a) => a.rootCause === cause.id && a.outcome === 'already_fixed');
        expect(patch !== undefined || done, `${cause.signature.key}\n${attempts}`).toBe(true);
        if (patch) {
          expect(patch.strategy).toBe('recipe');
          expect(patch.files.length).toBeLessThanOrEqual(5);
          expect(patch.changedLines).toBeLessThanOrEqual(200);
        }
      }
    }
  });

  it('uses each Python recipe demo-shop needs', () => {
    const used = new Set(rounds.flatMap((r) => r.result.patches.map((p) => p.recipeId)));
    for (const id of [
      'python.model-kwargs',
      'python.missing-import',
      'python.attribute-typo',
      'python.missing-await',
      'python.json-encoder',
      'python.unmounted-router',
      'python.status-code',
    ]) {
      expect(used, id).toContain(id);
    }
  });

  it('ends without 5xx, and the fixed copy passes its pytest smoke suite', () => {
    const out = execFileSync(
      VENV_PYTHON,
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/smoke', '-k', 'smoke'],
      { cwd: dir, encoding: 'utf8', timeout: 300_000 },
    );
    expect(out).toMatch(/passed/);
    expect(out).not.toMatch(/failed/);
  });
});
