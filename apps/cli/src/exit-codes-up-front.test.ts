/**
 * Wrong paths are config errors found before anything runs (exit 2, one line naming the field),
 * and nothing uncaught ever reaches the user as a stack dump (exit 3; SMOKE_REPAIR_DEBUG=1 shows it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { handleFatal, internalErrorText } from './fatal.js';
import { invokeCli } from './test-support/invoke-cli.js';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const base = mkdtempSync(join(tmpdir(), 'cli-up-front-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A project whose app, if it were ever started, leaves `started` behind. */
function project(name: string, overrides: Record<string, unknown>) {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  const started = join(dir, 'started');
  writeFileSync(join(dir, 'scenarios.json'), '[]');
  const config = {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['sh', '-c', `touch ${started}; exec sleep 30`],
        port: 1,
        readiness: { timeoutMs: 1_000 },
      },
    },
    smoke: { scenarios: 'scenarios.json' },
    repair: { strategies: ['recipe'] },
    patterns: { store: 'memory:' },
    ...overrides,
  };
  writeFileSync(join(dir, 'smoke-repair.config.json'), JSON.stringify(config));
  return { dir, started, config: join(dir, 'smoke-repair.config.json') };
}

// The first in-process command loads the loop's modules (seconds on a busy machine).
describe('paths checked before anything starts: exit 2', { timeout: 120_000 }, () => {
  it('app.root that does not exist', async () => {
    const p = project('no-root', {});
    writeFileSync(
      p.config,
      JSON.stringify({
        app: { root: 'gone', runner: { kind: 'process', command: ['sh', '-c', `touch ${p.started}`], port: 1 } },
        smoke: { scenarios: 'scenarios.json' },
        patterns: { store: 'memory:' },
      }),
    );
    for (const command of ['run', 'smoke']) {
      const out = await invokeCli([command, '--config', p.config], p.dir);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(`app.root: ${join(p.dir, 'gone')} does not exist`);
    }
    expect(existsSync(p.started)).toBe(false);
  });

  it('an artifacts path that is a file', async () => {
    const p = project('artifacts-file', { artifactsDir: 'out' });
    writeFileSync(join(p.dir, 'out'), 'a file');
    for (const command of ['run', 'smoke']) {
      const out = await invokeCli([command, '--config', p.config], p.dir);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(`artifactsDir: ${join(p.dir, 'out')} is a file, not a directory`);
    }
    const nested = project('artifacts-under-file', { artifactsDir: 'out/reports' });
    writeFileSync(join(nested.dir, 'out'), 'a file');
    const out = await invokeCli(['run', '--config', nested.config], nested.dir);
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toContain(
      `artifactsDir: ${join(nested.dir, 'out', 'reports')} cannot be created: ${join(nested.dir, 'out')} is a file`,
    );
    expect(existsSync(p.started) || existsSync(nested.started)).toBe(false);
  });

  it('a pattern store path that is a directory (in the config or --store)', async () => {
    const p = project('store-dir', { patterns: { store: 'file:patterns' } });
    mkdirSync(join(p.dir, 'patterns'));
    const out = await invokeCli(['run', '--config', p.config], p.dir);
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toContain(`patterns.store: ${join(p.dir, 'patterns')} is a directory; name a file`);
    const flag = await invokeCli(['run', '--config', p.config, '--store', `file:${join(p.dir, 'patterns')}`], p.dir);
    expect(flag.code, flag.stderr).toBe(2);
    expect(existsSync(p.started)).toBe(false);
  });
});

describe('a module config that never settles', () => {
  it(
    'the bin: exit 2 naming the config after the load timeout (not exit 13 and silence)',
    { timeout: 120_000 },
    async () => {
      const p = project('never-settles', {});
      const mjs = join(p.dir, 'smoke-repair.config.mjs');
      writeFileSync(mjs, 'export default () => new Promise(() => {});\n');
      const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [bundle, 'smoke', '--config', mjs], { cwd: p.dir }, (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
      });
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toBe(
        `smoke-repair: invalid config ${mjs}: it did not finish loading within 30000 ms (a default export whose ` +
          `promise never settles?) [SMOKE_CONFIG_INVALID]\n`,
      );
    },
  );
});

describe('nothing uncaught is a stack dump', () => {
  it('one line and exit 3 from the handler; the stack only with SMOKE_REPAIR_DEBUG=1', () => {
    const error = new Error('boom\n    at somewhere (x.js:1:1)');
    let text = '';
    let code = -1;
    handleFatal(error, { stderr: { write: (t: string) => (text += t) }, exit: (c) => (code = c) });
    expect(code).toBe(3);
    expect(text).toBe('smoke-repair: internal error: boom (set SMOKE_REPAIR_DEBUG=1 for the stack)\n');
    expect(internalErrorText(error, true)).toMatch(/^smoke-repair: internal error: boom\nError: boom\n {4}at /);
  });

  it('the bin: a config module whose stray timer throws mid-command', async () => {
    const p = project('stray-throw', {});
    const mjs = join(p.dir, 'smoke-repair.config.mjs');
    writeFileSync(
      mjs,
      `export default () => { setTimeout(() => { throw new Error('stray failure in the config'); }` +
        `, 10); return new Promise((r) => setTimeout(() => r({ smoke: { scenarios: 'scenarios.json' } }), 2000)); };\n`,
    );
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [bundle, 'smoke', '--config', mjs],
          { cwd: p.dir, env: { ...process.env, ...env } },
          (error, _stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
      });
    const plain = await run({ SMOKE_REPAIR_DEBUG: '' });
    expect(plain.code, plain.stderr).toBe(3);
    expect(plain.stderr).toBe(
      'smoke-repair: internal error: stray failure in the config (set SMOKE_REPAIR_DEBUG=1 for the stack)\n',
    );
    const debug = await run({ SMOKE_REPAIR_DEBUG: '1' });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/stray failure in the config\nError: stray failure in the config\n {4}at /);
  });
});
