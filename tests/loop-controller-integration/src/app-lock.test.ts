/**
 * One run per app: while a `run` holds the app, a second `run` or `smoke` on it (through a
 * symlink too) says who holds it and exits 2 without touching the app; the lock is released when
 * the first ends (normally or on SIGTERM), and a lock left by a SIGKILLed run is taken over.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { tinyAppCopy } from './support/apps.js';
import { findPortListener } from '@smoke-repair/smoke-validator';
import { killLeftovers, portOpen, runCli, waitFor } from './support/processes.js';

const base = mkdtempSync(join(tmpdir(), 'loop-lock-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

// The agent thinks for a while: the first run holds the app meanwhile.
const slowAgent = { SMOKE_TEST_AGENT_DELAY: '4' };

describe('the lock per app root', () => {
  it(`a second run and a smoke while a run holds the app: exit 2 naming the holder; free again once it \
ended`, async () => {
    const app = await tinyAppCopy(base, 'busy', { agent: 'fix.py' });
    const first = runCli(['--config', app.config], { cwd: app.dir, env: slowAgent });
    await first.line(/^iteration 1 /);
    const link = join(base, 'busy', 'link');
    symlinkSync(app.dir, link);
    const second = await runCli(['--config', join(link, 'smoke-repair.config.json')], { cwd: link }).done;
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(
        `another smoke-repair is running on .*busy/tiny-app: pid ${first.child.pid} ` +
          `\\(smoke-repair run --json --config [^)]+\\), since \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    expect(second.stdout).toBe('');
    const smoke = await runCli(['--config', app.config], { cwd: app.dir, command: 'smoke' }).done;
    expect(smoke.code, smoke.stderr).toBe(2);
    expect(smoke.stderr).toMatch(/another smoke-repair is running on .*\[SMOKE_APP_LOCKED\]/);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(loopResultSchema.parse(JSON.parse(done.stdout)).outcome).toBe('passed');
    const after = await runCli(['--config', app.config], { cwd: app.dir, command: 'smoke' }).done;
    expect(after.code, after.stderr).toBe(0);
  });

  it('released on SIGTERM; a SIGKILLed run leaves a lock the next run takes over with a note', async () => {
    const app = await tinyAppCopy(base, 'signals', { agent: 'fix.py' });
    const terminated = runCli(['--config', app.config], { cwd: app.dir, env: slowAgent });
    await terminated.line(/^iteration 1 /);
    terminated.sigterm();
    await terminated.done;
    const next = runCli(['--config', app.config], { cwd: app.dir, env: slowAgent });
    await next.line(/^iteration 1 /);
    expect(next.child.pid).toBeDefined();
    next.kill('SIGKILL');
    await next.done;
    // What the killed run started is not this test's subject: its app still holds the port.
    killLeftovers(join(base, 'signals'));
    const listener = await findPortListener(app.port);
    const pid = listener?.match(/pid=(\d+)/)?.[1];
    if (pid) process.kill(Number(pid), 'SIGKILL');
    expect(await waitFor(async () => !(await portOpen(app.port)))).toBe(true);
    const last = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(last.stderr).toMatch(
      new RegExp(
        `took over the lock of pid ${next.child.pid} ` +
          `\\(smoke-repair run --json --config [^,]+, since [^)]+\\): that process is gone`,
      ),
    );
    expect(last.code, last.stderr).toBe(0);
  });
});
