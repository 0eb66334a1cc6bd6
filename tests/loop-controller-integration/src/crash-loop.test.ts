/**
 * The loop on an app whose async handler kills it (Express 4, an unhandled rejection on Node 20):
 * the crash is one root cause among the app's real bugs, the scenarios it took down are not
 * causes of their own, and the escalation bundle's meta and listener line are taken from the
 * app while it is up (the last smoke's crash does not leave them null).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRepairLoop, type LoopEvent } from '@smoke-repair/loop-controller';
import { freePort, killLeftovers, portOpen } from './support/processes.js';
import { writeConfig } from './support/user-tree.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'smoke-validator-integration', 'fixtures', 'crashing-express');
const base = mkdtempSync(join(tmpdir(), 'loop-crash-'));
beforeAll(() => {
  execFileSync('bash', [join(FIXTURE, 'scripts', 'setup-deps.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000,
  });
}, 300_000);
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('the loop on an app that a request kills', () => {
  it(`one root cause per crash, no causes for the scenarios it took down, an escalation bundle with meta and \
ss`, async () => {
    const { result, events, port } = await loopOnCrashingApp('notes', 3);

    expect(result.outcome).toBe('escalated');
    // Baseline: the crash and the synchronous bug, nothing failing only because the app was down.
    expect(result.initial.violations).toBe(2);
    const repair = events.find((e) => e.type === 'repair') as Extract<LoopEvent, { type: 'repair' }>;
    expect(repair.rootCauses).toBe(2);
    const bundle = result.escalation!;
    const failures = bundle.failures.map((f) => [f.nodeid, f.signature.split(':')[0]]);
    expect(failures).toEqual(
      expect.arrayContaining([
        ['POST /notes/{noteId}/archive', 'TypeError@src/notes.js'],
        ['GET /tags', 'ReferenceError@src/notes.js'],
      ]),
    );
    expect(bundle.failures).toHaveLength(2);
    expect(JSON.parse(bundle.exec_rpc_freshness.meta!)).toMatchObject({
      git_sha: 'fixture',
      started_at: expect.any(String),
    });
    expect(bundle.exec_rpc_freshness.ss).toMatch(new RegExp(`LISTEN .*127\\.0\\.0\\.1:${port}\\b`));
    expect(await portOpen(port)).toBe(false);
  });

  it(`a smoke that ends with the app down (no restarts allowed): the bundle still has meta and ss, the app started \
for them`, async () => {
    const { result, port } = await loopOnCrashingApp('notes-down', 0);
    expect(result.outcome).toBe('escalated');
    expect(result.escalation!.failures.map((f) => f.nodeid)).toContain('POST /notes/{noteId}/archive');
    expect(JSON.parse(result.escalation!.exec_rpc_freshness.meta!)).toMatchObject({ git_sha: 'fixture' });
    expect(result.escalation!.exec_rpc_freshness.ss).toMatch(new RegExp(`LISTEN .*127\\.0\\.0\\.1:${port}\\b`));
    expect(await portOpen(port)).toBe(false);
  });
});

describe('the loop on a crash no template can fix', () => {
  it(`forwarding the rejection to the error middleware is tried, but not kept while the request still fails with the \
same error: contained is not fixed`, async () => {
    const { result, dir } = await loopOnCrashingApp('notes-repair', 3, ['recipe']);
    const crash = result.rootCauses?.find((c) => c.endpoints.includes('POST /notes/{noteId}/archive'));
    const forward = crash?.candidates.find((c) => /^node\.async-error-forward/.test(c.recipeId ?? ''));
    expect(forward, JSON.stringify(result.rootCauses, null, 2)).toMatchObject({
      verdict: 'rejected',
      rule: expect.stringMatching(/^(fails-at-patched-line|fails-at-same-line|same-error)$/),
    });
    // Nothing of it is in the user's tree, nothing rejected was counted.
    expect(readFileSync(join(dir, 'src', 'notes.js'), 'utf8')).toBe(
      readFileSync(join(FIXTURE, 'src', 'notes.js'), 'utf8'),
    );
    const accepted = (result.rootCauses ?? [])
      .flatMap((c) => c.candidates)
      .filter((c) => c.verdict === 'accepted').length;
    expect(result.fixesApplied).toBe(accepted);
  });
});

describe('the loop repairs a crash by its cause', () => {
  const TASKS = join(import.meta.dirname, '..', '..', 'repair-agent-integration', 'fixtures', 'express-tasks');
  beforeAll(() => {
    execFileSync('bash', [join(TASKS, 'scripts', 'setup-deps.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
  }, 300_000);

  it(`Express 4, no wrapper: the handler that killed the app reads the parameter its route declares; the forward \
alone was not kept`, async () => {
    const dir = join(base, 'tasks');
    cpSync(TASKS, dir, {
      recursive: true,
      filter: (src) => !src.includes('node_modules') && !src.endsWith('.deps.lock'),
    });
    symlinkSync(join(TASKS, 'node_modules'), join(dir, 'node_modules'));
    const port = await freePort();
    const config = writeConfig(dir, {
      app: {
        root: '.',
        runner: {
          kind: 'process',
          command: ['node', 'src/server.js', String(port)],
          port,
          readiness: { path: '/health' },
        },
      },
      smoke: { openapi: 'openapi.json' },
      artifactsDir: join(base, 'tasks-artifacts'),
      repair: { strategies: ['recipe'] },
      loop: { timeBudgetMs: 240_000 },
      patterns: { store: `file:${join(base, 'tasks-patterns.jsonl')}` },
    });
    const events: LoopEvent[] = [];
    const result = await runRepairLoop(config, { onEvent: (e) => events.push(e) });
    expect(events.some((e) => e.type === 'smoke' && (e.crashes?.length ?? 0) > 0)).toBe(true);
    const crash = result.rootCauses?.find((c) => c.endpoints.includes('GET /api/projects/{projectId}/summary'));
    expect(
      crash?.candidates.map((c) => [c.recipeId?.split('#')[0], c.verdict]),
      JSON.stringify(result.rootCauses, null, 2),
    ).toEqual([
      ['node.async-error-forward', 'rejected'],
      ['node.route-param-name', 'accepted'],
      // once the route reads its parameter, the smoke's unknown project id (a documented 404)
      // still fails on the same line: the lookup's miss gets its 404
      ['node.missing-entity-404', 'accepted'],
    ]);
    expect(readFileSync(join(dir, 'src', 'routes', 'projects.js'), 'utf8')).not.toMatch(
      /catch \((\w+)\) \{\s*next\(\1\)/,
    );
    expect(result.outcome, result.stopReason).toBe('passed');
    expect(await portOpen(port)).toBe(false);
  });
});

async function loopOnCrashingApp(name: string, maxCrashRestarts: number, strategies: string[] = ['command']) {
  const dir = join(base, name);
  cpSync(FIXTURE, dir, {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.endsWith('.deps.lock'),
  });
  symlinkSync(join(FIXTURE, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const config = writeConfig(dir, {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['node', 'server.js', String(port), 'data'],
        port,
        readiness: { path: '/health' },
      },
    },
    smoke: { openapi: '/openapi.json', exclude: ['GET /exports'], maxCrashRestarts },
    artifactsDir: join(base, `${name}-artifacts`),
    // No strategy can patch: the loop must escalate, with its bundle.
    repair: { strategies },
    loop: { timeBudgetMs: 120_000, apply: strategies.includes('command') ? 'none' : 'tree' },
    patterns: { store: `file:${join(base, `${name}-patterns.jsonl`)}` },
  });
  const events: LoopEvent[] = [];
  const result = await runRepairLoop(config, { onEvent: (e) => events.push(e) });
  return { result, events, port, dir };
}
