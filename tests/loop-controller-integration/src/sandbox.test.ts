/**
 * The sandbox on a real app whose data (a SQLite file in its folder) survives restarts:
 * `smoke --sandbox` twice gives identical verdicts and never changes the user's database; the
 * same smoke in place does change it (and its verdict), which is what the sandbox is for; `run`
 * starts every smoke from the same data, its baseline equals the sandboxed smoke, and the user's
 * tree gets exactly the accepted change, at the end — or nothing, with --no-apply.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { smokeResultSchema } from '@smoke-repair/smoke-validator';
import { agent } from './support/apps.js';
import { freePort, killLeftovers, portOpen, runCli, sandboxProcesses, waitFor } from './support/processes.js';
import { CLI, FIXTURES, copyApp, gitState, makeUserRepo, snapshotTree, writeConfig } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-sandbox-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

async function statefulApp(name: string): Promise<{ dir: string; config: string; artifacts: string }> {
  const dir = join(base, name, 'stateful-app');
  copyApp(join(FIXTURES, 'stateful-app'), dir);
  execFileSync('python3', ['-B', 'seed.py'], { cwd: dir });
  const artifacts = join(base, name, 'artifacts');
  const config = writeConfig(dir, {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['python3', '-B', 'server.py'],
        port: await freePort(),
        readiness: { path: '/health', timeoutMs: 15_000, intervalMs: 50 },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000, logSettleMs: 300 },
    artifactsDir: artifacts,
    loop: { timeBudgetMs: 120_000, targetPassRate: 1 },
    repair: { strategies: ['command'], command: { command: agent('fix.py'), timeoutMs: 30_000, killGraceMs: 500 } },
    patterns: { store: `file:${join(base, name, 'patterns.jsonl')}` },
  });
  return { dir, config, artifacts };
}

function cli(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function verdicts(stdout: string) {
  const result = smokeResultSchema.parse(JSON.parse(stdout));
  return {
    passRate: result.passRate,
    violations: result.violations.map((v) => `${v.endpoint} ${v.kind} ${v.signature.hash}`).sort(),
  };
}

const db = (dir: string) => readFileSync(join(dir, 'notes.db'));

describe('smoke --sandbox', () => {
  it(`gives identical verdicts twice in a row and leaves the user database byte-identical; in place it does \
not`, async () => {
    const app = await statefulApp('smoke');
    const seeded = db(app.dir);
    const first = cli(['smoke', '--sandbox', '--json', '--config', app.config], app.dir);
    const second = cli(['smoke', '--sandbox', '--json', '--config', app.config], app.dir);
    expect(first.code, first.stderr).toBe(1);
    expect(verdicts(second.stdout)).toEqual(verdicts(first.stdout));
    expect(verdicts(first.stdout).violations.map((v) => v.split(' ').slice(0, 3).join(' '))).toEqual([
      'GET /items server_error',
    ]);
    expect(db(app.dir).equals(seeded)).toBe(true);
    expect(sandboxProcesses()).toEqual([]);
    // The same smoke in place writes into the user's database, and the next one sees it.
    const inPlace = verdicts(cli(['smoke', '--json', '--config', app.config], app.dir).stdout);
    const again = verdicts(cli(['smoke', '--json', '--config', app.config], app.dir).stdout);
    expect(inPlace).toEqual(verdicts(first.stdout));
    expect(again).not.toEqual(inPlace);
    expect(db(app.dir).equals(seeded)).toBe(false);
  }, 120_000);
});

describe('run from a sandbox', () => {
  it('baseline equals the sandboxed smoke, every start sees the same data, the fix is written at the end', async () => {
    const app = await statefulApp('run');
    makeUserRepo(app.dir, { stashFile: 'README.md', stagedFile: 'server.py', editedFile: 'seed.py' });
    const smoke = verdicts(cli(['smoke', '--sandbox', '--json', '--config', app.config], app.dir).stdout);
    const files = snapshotTree(app.dir);
    const repo = gitState(app.dir);
    const run = cli(['run', '--json', '--config', app.config], app.dir);
    expect(run.code, run.stderr).toBe(0);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.initial.passRate).toBe(smoke.passRate);
    expect(result.outcome).toBe('passed');
    // Baseline, the restart after the patch: each from the pristine data (no /report failure).
    expect(result.final.passRate).toBe(1);
    expect(result.sandbox).toMatchObject({ kept: false });
    expect(result.sandbox!.resets).toBeGreaterThanOrEqual(2);
    expect(result.applied).toEqual({ to: 'tree', files: ['routes.py'], conflicts: [] });
    // Exactly the accepted change reached the user's tree; their database and work are as they were.
    const now = snapshotTree(app.dir);
    expect(Object.keys(now).filter((f) => now[f] !== files[f])).toEqual(['routes.py']);
    expect(readFileSync(join(app.dir, 'routes.py'), 'utf8')).toContain('"total": len(rows)}');
    const after = gitState(app.dir);
    expect({ ...after, status: '' }).toEqual({ ...repo, status: '' });
    expect(sandboxProcesses()).toEqual([]);
  }, 180_000);

  it(`--no-apply: the user tree stays byte-identical and the fix is in accepted.patch; a file the user changed is \
never overwritten`, async () => {
    const app = await statefulApp('no-apply');
    const files = snapshotTree(app.dir);
    const run = cli(['run', '--json', '--no-apply', '--config', app.config], app.dir);
    expect(run.code, run.stderr).toBe(0);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.applied).toEqual({ to: 'none', files: [], conflicts: [] });
    expect(snapshotTree(app.dir)).toEqual(files);
    expect(readFileSync(result.patchFile!, 'utf8')).toContain('+    return 200, {"items": rows, "total": len(rows)}');

    // The user edits routes.py while a run is on: simulated by editing it before the run ends —
    // the agent is slow, and the edit lands during its repair.
    const conflict = await statefulApp('conflict');
    const edited = readFileSync(join(conflict.dir, 'routes.py'), 'utf8').replace(
      '"""The app',
      '"""(the user was here) The app',
    );
    const slow = cli(
      ['run', '--json', '--config', writeEdit(conflict.config, edited, join(conflict.dir, 'routes.py'))],
      conflict.dir,
    );
    const conflicted = loopResultSchema.parse(JSON.parse(slow.stdout));
    expect(conflicted.applied).toEqual({ to: 'tree', files: [], conflicts: ['routes.py'] });
    expect(readFileSync(join(conflict.dir, 'routes.py'), 'utf8')).toBe(edited);
    expect(slow.stderr).toMatch(/not written, changed in your tree during the run: routes\.py/);
  }, 240_000);
});

describe('SIGKILL', () => {
  it(`a killed run leaves the user tree byte-identical and no app behind; the next run cleans its \
sandbox`, async () => {
    const app = await statefulApp('sigkill');
    makeUserRepo(app.dir, { stashFile: 'README.md', stagedFile: 'server.py', editedFile: 'seed.py' });
    const files = snapshotTree(app.dir);
    const repo = gitState(app.dir);
    const port = (JSON.parse(readFileSync(app.config, 'utf8')) as { app: { runner: { port: number } } }).app.runner
      .port;
    const run = runCli(['--config', app.config], { cwd: app.dir });
    await run.line(/^iteration 1 /);
    await run.line(/applied p1-/);
    run.child.kill('SIGKILL');
    await run.done;
    // No exit hook ran: the watchdog takes the app down.
    expect(await waitFor(async () => !(await portOpen(port)), 15_000, 50)).toBe(true);
    expect(await waitFor(() => sandboxProcesses().length === 0, 15_000)).toBe(true);
    expect(snapshotTree(app.dir)).toEqual(files);
    expect(gitState(app.dir)).toEqual(repo);
    // The next run removes the orphaned sandbox and completes.
    const next = cli(['run', '--json', '--no-apply', '--config', app.config], app.dir);
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('smoke-repair-sandbox-'))).toEqual([]);
  }, 180_000);
});

// The agent edits the user's routes.py (as a user at their editor would) before fixing the
// sandbox copy: the run's final write must see that the file changed and leave it alone.
function writeEdit(configPath: string, edited: string, target: string): string {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
    repair: { command: { command: string[]; env?: Record<string, string>; confine?: string } };
  };
  const editFile = join(base, `edit-${Date.now()}.txt`);
  writeFileSync(editFile, edited);
  config.repair.command.command = [
    'sh',
    '-c',
    `cp "${editFile}" "${target}" && exec "$0" "$@"`,
    ...config.repair.command.command,
  ];
  // The cp stands for the user editing their tree during the run, not for the agent: a confined
  // agent (bubblewrap, when the machine has it) could not write there, which is the point of confining it.
  config.repair.command.confine = 'off';
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return configPath;
}
