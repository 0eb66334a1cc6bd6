/**
 * A NestJS 11 app (the repair tests' fixtures/nest-atlas) through the real loop (the built CLI):
 * `app.build` (the app's own tsc) runs before the baseline and after every candidate patch; the
 * app runs `node dist/main.js` without --enable-source-maps, Nest's logger printing the traces;
 * every planted bug is fixed in the TypeScript source, never in dist/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema, type LoopResult } from '@smoke-repair/loop-controller';
import { freePort, killLeftovers, runCli } from './support/processes.js';
import { ROOT, writeConfig } from './support/user-tree.js';

const ATLAS = join(ROOT, 'tests', 'repair-agent-integration', 'fixtures', 'nest-atlas');
const base = mkdtempSync(join(tmpdir(), 'loop-nest-'));
const dir = join(base, 'nest-atlas');
const artifacts = join(base, 'artifacts');

let result: LoopResult;
let stderr = '';

beforeAll(async () => {
  execFileSync('bash', [join(ATLAS, 'scripts', 'setup-deps.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
  mkdirSync(dir);
  // The user's tree: sources only (never built here), its dependencies linked.
  for (const entry of ['src', 'openapi.json', 'scenarios.json', 'package.json', 'tsconfig.json'])
    cpSync(join(ATLAS, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ATLAS, 'node_modules'), join(dir, 'node_modules'));
  const port = await freePort();
  const config = writeConfig(dir, {
    app: {
      root: '.',
      build: `node ${join(ATLAS, 'node_modules', 'typescript', 'bin', 'tsc')} -p .`,
      runner: {
        kind: 'process',
        command: ['node', 'dist/main.js', String(port)],
        port,
        readiness: { path: '/api/health', timeoutMs: 30_000, intervalMs: 100 },
        health: { path: '/api/health' },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { openapi: 'openapi.json', scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000, logSettleMs: 500 },
    artifactsDir: artifacts,
    loop: { timeBudgetMs: 400_000, targetPassRate: 1, maxIterations: 4 },
    repair: { strategies: ['recipe'] },
    patterns: { store: `file:${join(base, 'patterns.jsonl')}` },
  });
  const run = await runCli(['--config', config], { cwd: dir }).done;
  stderr = run.stderr;
  if (!run.stdout.trim()) throw new Error(`the run printed no result (exit ${run.code}):\n${run.stderr}`);
  result = loopResultSchema.parse(JSON.parse(run.stdout));
}, 600_000);

afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running').toEqual([]);
});

const fixed = () => result.iterations.flatMap((i) => i.patches).filter((p) => p.outcome === 'fixed');

describe('a NestJS app through the loop, built by app.build, run without --enable-source-maps', () => {
  it('fixes the six planted bugs, each in the TypeScript source, and passes', () => {
    expect(result.outcome, stderr).toBe('passed');
    expect(
      fixed().length,
      fixed()
        .map((p) => p.summary)
        .join('\n'),
    ).toBeGreaterThanOrEqual(6);
    expect(
      fixed()
        .flatMap((p) => p.files)
        .every((f) => /^src\/.*\.ts$/.test(f)),
    ).toBe(true);
    // The generated stats-by-region scenario stays blocked (nothing lists its ids), and so does its
    // unknown-id variant, which is only sent once its positive scenario passed; the scenario file's passes.
    expect(result.final).toMatchObject({ serverErrors: 0, violations: 0 });
    const finalSmoke = JSON.parse(readFileSync(join(artifacts, 'final', 'smoke.json'), 'utf8')) as {
      scenarios: { id: string; status: string }[];
    };
    const blocked = finalSmoke.scenarios.filter((s) => s.status === 'blocked').map((s) => s.id);
    expect(blocked.length, blocked.join('\n')).toBe(result.final?.blocked);
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    expect(
      blocked.every((id) => /region/i.test(id)),
      blocked.join('\n'),
    ).toBe(true);
  });

  it('writes the fixes to the sources, nothing under dist/, and the fixed tree builds', () => {
    expect(result.applied?.files.every((f) => f.startsWith('src/'))).toBe(true);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(readFileSync(join(dir, 'src/sites/sites.module.ts'), 'utf8')).toContain(
      'controllers: [SitesController, SiteNotesController]',
    );
    expect(readFileSync(join(dir, 'src/regions/regions.controller.ts'), 'utf8')).toContain(
      '@HttpCode(HttpStatus.NO_CONTENT)',
    );
    execFileSync(process.execPath, [join(ATLAS, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  });
});
