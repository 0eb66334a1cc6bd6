/**
 * Ctrl-C (SIGINT to the CLI's process group, as a terminal sends it) and SIGTERM (to the CLI
 * process, as a supervisor sends it) in each phase of `smoke-repair run` on a copy of demo-shop
 * that is a real git repository in the middle of the user's work. Each run must exit 1
 * (escalated) with its result on stdout and in loop.json, leave HEAD, index, stash and every
 * file byte-identical (at the last good checkpoint), and leave nothing running.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema, type LoopResult } from '@smoke-repair/loop-controller';
import { agent, demoShopCopy, ensureDemoShopVenv, type AppCopy } from './support/apps.js';
import {
  type CliRun,
  killLeftovers,
  portOpen,
  processesMatching,
  processesUnder,
  runCli,
  sandboxProcesses,
  waitFor,
} from './support/processes.js';
import { AGENTS, gitState, makeUserRepo, snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-signals-'));
beforeAll(() => ensureDemoShopVenv());
afterAll(async () => {
  // Nothing may start late either (an app launched by a run that already ended).
  await new Promise((r) => setTimeout(r, 1_000));
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

// The user's work in progress touches files the recipes patch (carts.py, main.py).
const USER_WORK = { stashFile: 'README.md', stagedFile: 'app/main.py', editedFile: 'app/routers/carts.py' };

type Phase = 'baseline smoke' | 'repair' | 'apply' | 'restart' | 're-smoke';
type Send = 'SIGINT' | 'SIGTERM';

/** Waits until the run is in `phase` (from its progress lines), then delivers the signal. */
async function reach(run: CliRun, app: AppCopy, phase: Phase): Promise<void> {
  switch (phase) {
    case 'baseline smoke':
      // No progress line before the baseline's: the app logging its first smoke request is the
      // smoke under way (the runner writes the app's log to <artifactsDir>/server.log).
      await waitFor(() => logHas(join(app.artifacts, 'server.log'), /"(GET|POST) \/(?!health|__meta)/), 60_000, 20);
      return;
    case 'repair':
      // The agent command thinks for 60 s: once its process runs, the signal lands in the repair.
      await run.line(/^iteration 1 /);
      await waitFor(
        () => processesMatching(new RegExp(`${AGENTS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/fix\\.py`)).length > 0,
        30_000,
        20,
      );
      return;
    case 'apply':
      // The first patch written: the signal lands among the next writes or just after them.
      // (Sending it on the repair line raced the first write: with nothing applied yet there
      // is nothing to roll back, and the rollback assertion below has nothing to check.)
      await run.line(/applied p1-/);
      return;
    case 'restart':
      // The restart stops the app first: its port closing is the restart under way.
      await run.line(/applied p\d+-/);
      await waitFor(async () => !(await portOpen(app.port)), 20_000, 20);
      return;
    case 're-smoke':
      await run.line(/restart app restarted on the patched code/);
      return;
  }
}

function logHas(path: string, pattern: RegExp): boolean {
  return existsSync(path) && pattern.test(readFileSync(path, 'utf8'));
}

async function interrupt(send: Send, phase: Phase) {
  const name = `${send}-${phase.replace(/\W+/g, '-')}`;
  const overrides =
    phase === 'repair'
      ? {
          repair: {
            strategies: ['command'],
            command: { command: agent('fix.py'), env: { SMOKE_TEST_AGENT_DELAY: '60' }, killGraceMs: 500 },
          },
        }
      : {};
  const app = await demoShopCopy(base, name, overrides);
  makeUserRepo(app.dir, USER_WORK);
  const files = snapshotTree(app.dir);
  const repo = gitState(app.dir);
  const run = runCli(['--config', app.config], { cwd: app.dir });
  await reach(run, app, phase);
  if (send === 'SIGINT') run.ctrlC();
  else run.sigterm();
  const done = await run.done;
  return { app, files, repo, done };
}

function parseResult(stdout: string, stderr: string): LoopResult {
  expect(stdout, stderr).toMatch(/^\{/);
  return loopResultSchema.parse(JSON.parse(stdout));
}

async function expectNothingLeft(app: AppCopy): Promise<void> {
  expect(await waitFor(() => processesUnder(join(base, app.dir.split('/').at(-2)!)).length === 0, 10_000)).toBe(true);
  // The app ran from a sandbox in the temp directory: nothing of it may survive either.
  expect(await waitFor(() => sandboxProcesses().length === 0, 10_000)).toBe(true);
  expect(await portOpen(app.port)).toBe(false);
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (send) => {
  it.each(['baseline smoke', 'repair', 'apply', 'restart', 're-smoke'] as const)(
    `during the %s: exit 1, result written, the user's tree as it was`,
    async (phase) => {
      const { app, files, repo, done } = await interrupt(send, phase);
      expect(done.signal, done.stderr).toBeNull();
      expect(done.code, done.stderr).toBe(1);
      const result = parseResult(done.stdout, done.stderr);
      expect(result.outcome).toBe('escalated');
      expect(result.stopReason).toBe(`time budget: interrupted (${send})`);
      expect(result.escalation?.reason).toBe('time budget');
      expect(JSON.parse(readFileSync(join(app.artifacts, 'loop.json'), 'utf8'))).toEqual(JSON.parse(done.stdout));
      if (phase === 'baseline smoke') expect(result.iterations).toEqual([]);
      // Nothing was kept before the signal: every file, HEAD, index and stash as before.
      expect(result.fixesApplied).toBe(0);
      expect(result.patchFile).toBeNull();
      expect(snapshotTree(app.dir)).toEqual(files);
      expect(gitState(app.dir)).toEqual(repo);
      if (phase !== 'baseline smoke' && phase !== 'repair') expect(done.stderr).toMatch(/rolled back .*\bp1-/);
      await expectNothingLeft(app);
    },
  );
});

it(`SIGINT during the re-smoke of iteration 2: nothing is written, iteration 1 is in accepted.patch and applies to \
the tree`, async () => {
  const app = await demoShopCopy(base, 'SIGINT-iteration-2');
  makeUserRepo(app.dir, USER_WORK);
  const files = snapshotTree(app.dir);
  const repo = gitState(app.dir);
  const run = runCli(['--config', app.config], { cwd: app.dir });
  await run.line(/^iteration 2 /);
  await run.line(/restart app restarted on the patched code/);
  run.ctrlC();
  const done = await run.done;
  expect(done.code, done.stderr).toBe(1);
  const result = parseResult(done.stdout, done.stderr);
  expect(result.stopReason).toBe('time budget: interrupted (SIGINT)');
  expect(result.iterations[0]?.kept).toBe(true);
  expect(result.iterations[1]?.kept).toBe(false);
  expect(result.fixesApplied).toBe(result.iterations[0]!.patches.length);
  // An interrupted run writes nothing: every file, HEAD, index and stash as before.
  expect(result.applied).toEqual({ to: 'none', files: [], conflicts: [] });
  expect(snapshotTree(app.dir)).toEqual(files);
  expect(gitState(app.dir)).toEqual(repo);
  // Iteration 1's verified changes are in accepted.patch, and they apply to the user's tree.
  const changed = new Set(result.iterations[0]!.patches.flatMap((p) => p.files));
  const accepted = readFileSync(result.patchFile!, 'utf8');
  for (const file of changed) expect(accepted).toContain(`+++ b/${file}`);
  expect(() =>
    execFileSync('git', ['apply', '--check', result.patchFile!], { cwd: app.dir, stdio: 'pipe' }),
  ).not.toThrow();
  await expectNothingLeft(app);
});
