/**
 * `loop.parallelism`: a round of two patches that regresses is isolated in two lanes at once —
 * two copies of the app on two ports — and only the culprit is rolled back (and never proposed again). Real
 * processes, the real CLI; the lanes leave nothing behind (their TMPDIR is the test's own).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { agent, ensureDemoShopVenv, tinyAppCopy } from './support/apps.js';
import { DEMO_SHOP, copyApp, TINY_APP, writeConfig } from './support/user-tree.js';
import { killLeftovers, portOpen, processesUnder, runCli } from './support/processes.js';

const base = mkdtempSync(join(tmpdir(), 'loop-lanes-'));
beforeAll(() => ensureDemoShopVenv());
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('regression isolation in lanes', () => {
  it(`two patches, one breaking /stock: tried alone in two lanes at once, the good one kept, the culprit rolled \
back`, async () => {
    const app = await tinyAppCopy(base, 'lanes', { agent: 'fix-one-break-other.py', loop: { parallelism: 2 } });
    const routes = join(app.dir, 'routes.py');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace('{"tea": 2.5}', '{"tea": price}'));
    const tmp = join(base, 'tmp');
    mkdirSync(tmp);
    const run = await runCli(['--config', app.config], { cwd: app.dir, env: { TMPDIR: tmp } }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(run.stderr).toMatch(
      new RegExp(
        String.raw`kept: iteration 1 broke stock; tried one at a time, kept 1 of 2 patches and rolled back ` +
          String.raw`p\d-[0-9a-f]+ \(broke stock on its own\)`,
      ),
    );
    // The culprit is never tried again (the agent answers it on every attempt): the run ends on that regression.
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopReason).toMatch(/\(p\d-[0-9a-f]+\) was rolled back: broke stock on its own$/);
    // Both lanes were open at once: a second slot is taken only while the first is busy.
    expect(run.stderr).toMatch(/applied p\d-[0-9a-f]+: lane 1: /);
    expect(run.stderr).toMatch(/applied p\d-[0-9a-f]+: lane 2: /);
    expect(run.stderr).toMatch(/lane [12]: smoke \(rerun\)/);
    expect(run.stderr).toMatch(/lanes: p\d-[0-9a-f]+ kept on its own/);
    const source = readFileSync(routes, 'utf8');
    expect(source).toContain('"total": len(rows)}');
    expect(source).toContain('{"tea": price}');
    expect(source).toContain('return 200, {"in_stock": 3}');
    expect(result.fixesApplied).toBe(1);
    expect(result.iterations[0]!.patches.map((p) => p.outcome).sort()).toEqual(['fixed', 'rolled_back']);
    // The lanes' copies, apps and logs are gone.
    expect(readdirSync(tmp)).toEqual([]);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });

  it(`test-command mode: each lane runs the suite in its own copy; the good fix kept, the culprit rolled \
back`, async () => {
    const dir = join(base, 'tests-mode', 'tiny-app');
    mkdirSync(join(base, 'tests-mode'), { recursive: true });
    copyApp(TINY_APP, dir);
    const routes = join(dir, 'routes.py');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace('{"tea": 2.5}', '{"tea": price}'));
    mkdirSync(join(dir, 'tests'));
    writeFileSync(
      join(dir, 'tests', 'test_routes.py'),
      [
        'import routes',
        '',
        ...['items', 'stock', 'prices'].flatMap((name) => [
          `def test_${name}():`,
          `    assert routes.${name}()[0] == 200`,
          '',
        ]),
      ].join('\n'),
    );
    const python = join(DEMO_SHOP, '.venv', 'bin', 'python');
    const config = writeConfig(dir, {
      app: { root: '.' },
      smoke: {
        testCommand: {
          command: [python, '-B', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'],
          framework: 'pytest',
          timeoutMs: 60_000,
          env: { PYTHONPATH: '.' },
        },
      },
      artifactsDir: join(base, 'tests-mode', 'artifacts'),
      loop: { timeBudgetMs: 120_000, parallelism: 2 },
      repair: {
        strategies: ['command'],
        command: { command: agent('fix-culprit-break-other.py'), timeoutMs: 30_000 },
        python,
      },
      patterns: { store: `file:${join(base, 'tests-mode', 'patterns.jsonl')}` },
    });
    const tmp = join(base, 'tests-mode', 'tmp');
    mkdirSync(tmp);
    const run = await runCli(['--config', config], { cwd: dir, env: { TMPDIR: tmp } }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(run.stderr).toMatch(/kept 1 of 2 patches and rolled back p\d-[0-9a-f]+ \(broke .*test_stock.* on its own\)/);
    expect(result.escalation?.reason).toBe('regression');
    expect(run.stderr).toMatch(/lane 1: smoke/);
    expect(run.stderr).toMatch(/applied p\d-[0-9a-f]+: lane 2: /);
    const source = readFileSync(routes, 'utf8');
    expect(source).toContain('"total": len(rows)}');
    expect(source).toContain('{"tea": price}');
    expect(source).toContain('return 200, {"in_stock": 3}');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
