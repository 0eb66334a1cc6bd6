/**
 * Issue 16 through the real CLI and real processes: the time budget bounds the wait for an app
 * that never becomes ready and for a build that never ends, and a crash journal shipped in a
 * repository is never trusted.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyAppCopy } from './support/apps.js';
import { killLeftovers, processesMatching, processesUnder, runCli } from './support/processes.js';
import { readConfig, writeConfig } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-harden-'));
// Journals and locks of these runs live here, not in the user's ~/.local/state.
const state = { XDG_STATE_HOME: join(base, 'state') };
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('the time budget bounds every wait', () => {
  it(`an app that never becomes ready: --time-budget 4 ends near 4 s (not the 60 s readiness timeout), exit 2, \
nothing left running`, async () => {
    const app = await tinyAppCopy(base, 'never-ready', { agent: 'fix.py' });
    const config = readConfig(app.dir) as { app: { runner: Record<string, unknown> } };
    writeConfig(app.dir, {
      ...config,
      app: {
        ...config.app,
        runner: {
          ...config.app.runner,
          command: ['python3', '-c', 'import time; time.sleep(600)'],
          readiness: { path: '/health', timeoutMs: 60_000, intervalMs: 50 },
        },
      },
    });
    const started = Date.now();
    const run = await runCli(['--config', app.config, '--time-budget', '4'], { cwd: app.dir, env: state }).done;
    const seconds = (Date.now() - started) / 1000;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/time budget of 4 s ran out while the app was starting; it was stopped/);
    expect(seconds).toBeLessThan(15);
    expect(processesUnder(join(base, 'never-ready'))).toEqual([]);
  });

  it(`an app.build that never ends (a script that prints, then hangs): --time-budget 5 ends near 5 s, exit 2, the \
build's processes killed`, async () => {
    const app = await tinyAppCopy(base, 'endless-build', { agent: 'fix.py' });
    const config = readConfig(app.dir) as { app: Record<string, unknown> };
    // Not a lone `sleep`, which sh execs in place: the shell's child holds the output pipe.
    writeConfig(app.dir, { ...config, app: { ...config.app, build: 'echo building; sleep 613; echo built' } });
    const started = Date.now();
    const run = await runCli(['--config', app.config, '--time-budget', '5'], { cwd: app.dir, env: state }).done;
    const seconds = (Date.now() - started) / 1000;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/time budget of 5 s ran out while the app was starting/);
    expect(seconds).toBeLessThan(15);
    expect(processesMatching(/sleep 613/)).toEqual([]);
  });
});

describe('crash journals', () => {
  it(`a journal shipped in the repository (artifacts/.journal) pointing outside the root writes nothing, and the run \
goes on (exit 0)`, async () => {
    const app = await tinyAppCopy(base, 'journal', { agent: 'fix.py' });
    const victim = join(base, 'journal', 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const source = readFileSync(join(app.dir, 'routes.py'), 'utf8');
    for (const [dir, appRoot, path] of [
      [join(app.dir, 'artifacts', '.journal', 'evil'), '/', victim.slice(1)],
      [join(app.dir, 'artifacts', '.journal', 'inside'), app.dir, 'routes.py'],
      [join(app.artifacts, '.journal', 'evil'), join(base, 'journal'), 'victim.txt'],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '1-0.orig'), 'PWNED\n');
      writeFileSync(
        join(dir, 'journal.json'),
        JSON.stringify({
          appRoot,
          patches: [{ id: 'x', state: 'applied', files: [{ path, existed: true, backup: join(dir, '1-0.orig') }] }],
        }),
      );
    }
    const run = await runCli(['--config', app.config, '--no-apply'], { cwd: app.dir, env: state }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(app.dir, 'routes.py'), 'utf8')).toBe(source);
    expect(readFileSync(join(app.dir, 'routes.py'), 'utf8')).not.toContain('PWNED');
    // The run's own journal directory is gone with it.
    expect(existsSync(join(state.XDG_STATE_HOME, 'smoke-repair', 'journals'))).toBe(false);
  });
});

describe('agent confinement', () => {
  // This PATH, but without bwrap: every other program linked into one folder (first one wins).
  function pathWithoutBwrap(): string {
    const bin = join(base, 'bin-without-bwrap');
    if (existsSync(bin)) return bin;
    mkdirSync(bin, { recursive: true });
    for (const dir of (process.env['PATH'] ?? '').split(':').filter((d) => d && existsSync(d))) {
      for (const name of readdirSync(dir))
        if (name !== 'bwrap' && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name));
    }
    return bin;
  }

  it(`no bwrap: the agent runs unconfined with one warning line; repair.command.confine "required" makes it a config \
error (exit 2) before anything starts`, async () => {
    const env = { ...state, PATH: pathWithoutBwrap() };
    const app = await tinyAppCopy(base, 'unconfined', { agent: 'fix.py' });
    const run = await runCli(['--config', app.config, '--no-apply'], { cwd: app.dir, env }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(
      run.stderr.match(
        new RegExp(
          String.raw`the agent command runs unconfined \(it can write outside its scratch copy\): ` +
            String.raw`bwrap \(bubblewrap\) is not on PATH`,
          'g',
        ),
      ),
    ).toHaveLength(1);

    const config = readConfig(app.dir) as { repair: { command: Record<string, unknown> } };
    writeConfig(app.dir, {
      ...config,
      repair: { ...config.repair, command: { ...config.repair.command, confine: 'required' } },
    });
    const refused = await runCli(['--config', app.config, '--no-apply'], { cwd: app.dir, env }).done;
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      /repair\.command\.confine is "required" but the agent cannot be confined: bwrap \(bubblewrap\) is not on PATH/,
    );
    expect(refused.stderr).not.toMatch(/baseline/);
  });
});
