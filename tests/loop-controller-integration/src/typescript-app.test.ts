/**
 * A TypeScript Express app (fixtures/ts-ledger) through the real loop (the built CLI): `app.build`
 * (tsc) runs before the baseline and after every candidate patch; the app runs `dist/server.js`
 * WITHOUT --enable-source-maps, so its traces name dist/*.js and are read at src/*.ts through the
 * build's source maps; every planted bug is fixed in the TypeScript source, never in dist/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema, type LoopResult } from '@smoke-repair/loop-controller';
import { freePort, killLeftovers, runCli } from './support/processes.js';
import { FIXTURES, ROOT, writeConfig } from './support/user-tree.js';

const LEDGER = join(FIXTURES, 'ts-ledger');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const base = mkdtempSync(join(tmpdir(), 'loop-typescript-'));
const dir = join(base, 'ts-ledger');
const artifacts = join(base, 'artifacts');
const original = (file: string) => readFileSync(join(LEDGER, file), 'utf8');

let result: LoopResult;
let stderr = '';

beforeAll(async () => {
  execFileSync('bash', [join(LEDGER, 'scripts', 'setup-deps.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 240_000,
  });
  mkdirSync(dir);
  // The user's tree: sources only (never built here), its dependencies linked.
  for (const entry of ['src', 'openapi.json', 'scenarios.json', 'package.json', 'tsconfig.json'])
    cpSync(join(LEDGER, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(LEDGER, 'node_modules'), join(dir, 'node_modules'));
  const port = await freePort();
  const config = writeConfig(dir, {
    app: {
      root: '.',
      build: `node ${TSC} -p .`,
      runner: {
        kind: 'process',
        command: ['node', 'dist/server.js'],
        port,
        readiness: { path: '/health', timeoutMs: 30_000, intervalMs: 100 },
        health: { path: '/health' },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { openapi: 'openapi.json', scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000, logSettleMs: 500 },
    artifactsDir: artifacts,
    loop: { timeBudgetMs: 240_000, targetPassRate: 1, maxIterations: 4 },
    repair: { strategies: ['recipe'] },
    patterns: { store: `file:${join(base, 'patterns.jsonl')}` },
  });
  const run = await runCli(['--config', config], { cwd: dir }).done;
  stderr = run.stderr;
  if (!run.stdout.trim()) throw new Error(`the run printed no result (exit ${run.code}):\n${run.stderr}`);
  result = loopResultSchema.parse(JSON.parse(run.stdout));
}, 300_000);

afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running').toEqual([]);
});

const patches = () => result.iterations.flatMap((i) => i.patches);

describe('a TypeScript Express app through the loop, built by app.build, run without --enable-source-maps', () => {
  it('reads the baseline traces at src/*.ts, not at the compiled dist/*.js the app ran', () => {
    const baseline = JSON.parse(readFileSync(join(artifacts, 'baseline', 'smoke.json'), 'utf8')) as {
      violations: { traces?: { culprit: { file: string; line: number } | null }[] }[];
    };
    const culprits = baseline.violations
      .flatMap((v) =>
        (v.traces ?? []).map(
          (t) => t.culprit && `${t.culprit.file.replace(/^.*\/(src|dist)\//, '$1/')}:${t.culprit.line}`,
        ),
      )
      .filter(Boolean);
    expect([...new Set(culprits)].sort(), stderr).toEqual(['src/routes/accounts.ts:21', 'src/routes/accounts.ts:9']);
  });

  it('fixes every planted bug, each in the TypeScript source', () => {
    expect(result.outcome, stderr).toBe('passed');
    const fixed = patches().filter((p) => p.outcome === 'fixed');
    expect(fixed.map((p) => p.summary).join('\n'), stderr).toMatch(/201/);
    expect(fixed.length).toBeGreaterThanOrEqual(4);
    expect(fixed.flatMap((p) => p.files).every((f) => /^src\/.*\.ts$/.test(f))).toBe(true);
    expect(result.final).toMatchObject({ serverErrors: 0, passRate: 1 });
  });

  it('writes the fixes to the sources; nothing under dist/, and the fixed tree builds', () => {
    expect(result.applied?.files.every((f) => f.startsWith('src/'))).toBe(true);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    const accounts = readFileSync(join(dir, 'src/routes/accounts.ts'), 'utf8');
    expect(accounts).not.toBe(original('src/routes/accounts.ts'));
    expect(accounts).toContain('res.status(201).json(account)');
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toMatch(
      /app\.use\('\/api\/accounts\/:accountId\/entries', entriesRouter\)/,
    );
    execFileSync('node', [TSC, '-p', '.', '--noEmit'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  });
});

describe('a TypeScript app whose own tree does not build', () => {
  it('stops before the baseline with the compiler message (exit 2), the tree untouched', async () => {
    const broken = join(base, 'broken', 'ts-ledger');
    mkdirSync(broken, { recursive: true });
    for (const entry of ['src', 'openapi.json', 'package.json', 'tsconfig.json'])
      cpSync(join(LEDGER, entry), join(broken, entry), { recursive: true });
    symlinkSync(join(LEDGER, 'node_modules'), join(broken, 'node_modules'));
    writeFileSync(join(broken, 'src/server.ts'), `${original('src/server.ts')}const port2: number = 'x';\n`);
    const config = writeConfig(broken, {
      app: {
        root: '.',
        build: `node ${TSC} -p .`,
        runner: {
          kind: 'process',
          command: ['node', 'dist/server.js'],
          port: await freePort(),
          readiness: { path: '/health', timeoutMs: 10_000 },
        },
      },
      smoke: { openapi: 'openapi.json' },
      artifactsDir: join(base, 'broken', 'artifacts'),
      repair: { strategies: ['recipe'] },
      patterns: { store: 'memory:' },
    });
    const run = await runCli(['--config', config], { cwd: broken }).done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        'the app does not build before any patch: app\\.build `.*tsc -p \\.` exited with 2:\\n' +
          String.raw`src\/server\.ts\(7,7\): error TS2322`,
      ),
    );
    expect(existsSync(join(broken, 'dist'))).toBe(false);
  });
});
