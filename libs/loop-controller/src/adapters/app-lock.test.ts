import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentContainerOwner } from '@smoke-repair/smoke-validator';
import { acquireAppLock, acquireRunLocks, AppLockedError } from './app-lock.js';

const base = mkdtempSync(join(tmpdir(), 'app-lock-'));
const stateDir = join(base, 'state');
afterAll(() => rmSync(base, { recursive: true, force: true }));

function app(name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('acquireAppLock', () => {
  it('a second taker of the same app (through a symlink too) is told who holds it; released, it is free again', () => {
    const root = app('shared');
    symlinkSync(root, join(base, 'shared-link'));
    const lock = acquireAppLock(root, { stateDir, command: 'smoke-repair run' });
    expect(lock.path.startsWith(stateDir)).toBe(true);
    expect(lock.note).toBeNull();
    const second = (() => {
      try {
        acquireAppLock(join(base, 'shared-link'), { stateDir, command: 'smoke-repair smoke' });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(second).toBeInstanceOf(AppLockedError);
    expect((second as AppLockedError).code).toBe('SMOKE_APP_LOCKED');
    expect((second as AppLockedError).message).toMatch(
      new RegExp(`pid ${process.pid} \\(smoke-repair run\\), since \\d{4}-`),
    );
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    acquireAppLock(root, { stateDir }).release();
  });

  it('the app lock is the label of the containers this run creates, until released', () => {
    const runLocks = acquireRunLocks(
      { root: app('labelled'), artifactsDir: join(base, 'labelled-artifacts') },
      { stateDir },
    );
    expect(currentContainerOwner().lock).toBe(runLocks.path);
    expect(currentContainerOwner().owner).toMatch(new RegExp(`^${process.pid}:\\d+$`));
    runLocks.release();
    expect(currentContainerOwner().lock).toBeNull();
  });

  it('two apps do not share a lock', () => {
    const a = acquireAppLock(app('a'), { stateDir });
    const b = acquireAppLock(app('b'), { stateDir });
    expect(a.path).not.toBe(b.path);
    a.release();
    b.release();
  });

  it('takes over a stale lock (its process is gone) with a note', () => {
    const root = app('stale');
    const lock = acquireAppLock(root, { stateDir });
    lock.release();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout.trim();
    mkdirSync(stateDir, { recursive: true });
    // A start time no process has: should the pid be reused meanwhile (a busy machine), it is still not the holder.
    writeFileSync(
      lock.path,
      JSON.stringify({
        pid: Number(dead),
        command: 'smoke-repair run',
        since: '2026-01-01T00:00:00.000Z',
        root,
        startTicks: '1',
      }),
    );
    const taken = acquireAppLock(root, { stateDir });
    expect(taken.note).toBe(
      `took over the lock of pid ${dead} (smoke-repair run, since 2026-01-01T00:00:00.000Z): that process is gone`,
    );
    expect(JSON.parse(readFileSync(taken.path, 'utf8')).pid).toBe(process.pid);
    taken.release();
  });

  it('never removes a lock another process took over since', () => {
    const root = app('taken-over');
    const lock = acquireAppLock(root, { stateDir });
    writeFileSync(lock.path, JSON.stringify({ pid: 1, command: 'other', since: 'now', root, startTicks: null }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });

  it('two apps sharing one artifacts directory: the second is refused and keeps no lock of its own app', () => {
    const artifactsDir = app('shared-artifacts');
    const first = acquireRunLocks({ root: app('one'), artifactsDir }, { stateDir, command: 'smoke-repair run' });
    expect(() => acquireRunLocks({ root: app('two'), artifactsDir }, { stateDir })).toThrow(
      new RegExp(
        `another smoke-repair is writing to the artifacts directory .*shared-artifacts: pid ${process.pid} ` +
          `\\(smoke-repair run\\)`,
      ),
    );
    acquireAppLock(app('two'), { stateDir }).release();
    first.release();
    acquireRunLocks({ root: app('two'), artifactsDir }, { stateDir }).release();
  });

  it('an app whose artifacts directory is its root takes both locks', () => {
    const root = app('self-artifacts');
    const lock = acquireRunLocks({ root, artifactsDir: root }, { stateDir });
    expect(() => acquireAppLock(root, { stateDir })).toThrow(AppLockedError);
    lock.release();
  });
});

describe('nothing left behind', () => {
  it('the lock directory goes with the last lock, and comes back with the next', () => {
    const root = app('tidy');
    const dir = join(base, 'tidy-state');
    const lock = acquireAppLock(root, { stateDir: dir });
    expect(existsSync(dir)).toBe(true);
    lock.release();
    expect(existsSync(dir)).toBe(false);
    const again = acquireAppLock(root, { stateDir: dir });
    expect(existsSync(again.path)).toBe(true);
    again.release();
  });

  it("another app's lock keeps the directory", () => {
    const dir = join(base, 'shared-state');
    const first = acquireAppLock(app('one'), { stateDir: dir });
    const second = acquireAppLock(app('two'), { stateDir: dir });
    first.release();
    expect(existsSync(second.path)).toBe(true);
    second.release();
    expect(existsSync(dir)).toBe(false);
  });
});
