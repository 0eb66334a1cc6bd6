/**
 * SIGINT (Ctrl-C: to the CLI's process group), SIGTERM, SIGHUP and SIGQUIT (to the CLI alone)
 * during `smoke-repair smoke` — while the app starts, and while a scenario is in flight — stop
 * the smoke and the app it started: exit 1 with a line naming the signal, no app process and no
 * listener left. `run` handles SIGHUP and SIGQUIT as it handles SIGINT and SIGTERM: its result
 * written, nothing left running. Each signal waits for evidence of its phase (a progress line,
 * the app's process, the app's mark file for the slow request), never for a fixed time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import {
  type CliRun,
  freePort,
  killLeftovers,
  portOpen,
  processesMatching,
  runCli,
  waitFor,
} from './support/processes.js';
import { FIXTURES, copyApp, writeConfig } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'smoke-signals-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
type Signal = (typeof SIGNALS)[number];

/** A copy of fixtures/slow-app with its own port; `startS` seconds before it listens. */
async function slowApp(name: string, startS = 0) {
  const dir = join(base, name, 'slow-app');
  copyApp(join(FIXTURES, 'slow-app'), dir);
  const port = await freePort();
  const mark = join(base, name, 'slow.mark');
  const config = writeConfig(dir, {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['python3', '-B', 'server.py', String(port)],
        port,
        env: { SLOW_MARK: mark, SLOW_START_S: String(startS) },
        readiness: { path: '/health', timeoutMs: 60_000, intervalMs: 50 },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 90_000, logSettleMs: 300 },
    artifactsDir: join(base, name, 'artifacts'),
    loop: { timeBudgetMs: 150_000 },
    repair: { strategies: ['recipe'] },
    patterns: { store: `file:${join(base, name, 'patterns.jsonl')}` },
  });
  // The app's own processes, sandboxed or not: the port is on their command line.
  const processes = () => processesMatching(new RegExp(`server\\.py ${port}(\\s|$)`));
  return { dir, port, mark, config, processes };
}

function send(run: CliRun, signal: Signal): void {
  if (signal === 'SIGINT') run.ctrlC();
  else run.kill(signal);
}

async function expectNothingLeft(app: Awaited<ReturnType<typeof slowApp>>): Promise<void> {
  expect(
    await waitFor(() => app.processes().length === 0, 10_000),
    `app processes left: ${app.processes().join('; ')}`,
  ).toBe(true);
  expect(await portOpen(app.port)).toBe(false);
}

describe.each(SIGNALS)('smoke, %s', (signal) => {
  it('while the app starts: the app is stopped at once, exit 1', async () => {
    const app = await slowApp(`smoke-${signal}-start`, 60);
    const run = runCli(['--config', app.config], { cwd: base, command: 'smoke' });
    await run.line(/^starting the app/);
    expect(await waitFor(() => app.processes().length > 0, 30_000), 'the app process was launched').toBe(true);
    send(run, signal);
    const done = await run.done;
    expect(done.signal, done.stderr).toBeNull();
    expect(done.code, done.stderr).toBe(1);
    expect(done.stderr).toMatch(new RegExp(`interrupted \\(${signal}\\) while the app was starting; it was stopped`));
    await expectNothingLeft(app);
  });

  it('while a scenario is in flight: the rest is not run, the app is stopped, exit 1', async () => {
    const app = await slowApp(`smoke-${signal}-scenario`);
    const run = runCli(['--config', app.config], { cwd: base, command: 'smoke' });
    await run.line(/^running \d+ scenarios/);
    expect(await waitFor(() => existsSync(app.mark), 30_000), 'the slow request reached the app').toBe(true);
    send(run, signal);
    const done = await run.done;
    expect(done.signal, done.stderr).toBeNull();
    expect(done.code, done.stderr).toBe(1);
    expect(done.stderr).toMatch(
      new RegExp(`interrupted \\(${signal}\\): \\d+ scenarios? not run; the app was stopped`),
    );
    expect(done.stdout).toMatch(/blocked\s+1/);
    await expectNothingLeft(app);
  });
});

describe.each(['SIGHUP', 'SIGQUIT'] as const)('run, %s', (signal) => {
  it('during the baseline smoke: the result is written, nothing left running', async () => {
    const app = await slowApp(`run-${signal}`);
    const run = runCli(['--config', app.config], { cwd: base });
    expect(await waitFor(() => existsSync(app.mark), 60_000), 'the baseline reached the slow request').toBe(true);
    run.kill(signal);
    const done = await run.done;
    expect(done.signal, done.stderr).toBeNull();
    expect(done.code, done.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(done.stdout));
    expect(result.outcome).toBe('escalated');
    expect(result.stopReason).toBe(`time budget: interrupted (${signal})`);
    await expectNothingLeft(app);
  });
});
