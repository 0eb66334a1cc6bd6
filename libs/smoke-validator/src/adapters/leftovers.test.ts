import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLeftoverProcesses, OWNER_ENV, ownerLabel, reapLeftoverProcesses } from './leftover-processes.js';
import { removeOrphanScratchDirs, SCRATCH_OWNER_FILE } from './scratch-dirs.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.pid)
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A pid no process has (beyond the default pid_max of most machines).
const DEAD_OWNER = '4194999:12345';

// Resolves on the child's 'spawn' event: its exec is done, so /proc shows its own environment (a fixed
// sleep alone was too short on a loaded machine).
async function sleeper(owner: string): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', 'sleep 60 & wait'], {
    env: { ...process.env, [OWNER_ENV]: owner },
    detached: true,
    stdio: 'ignore',
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => child.once('spawn', () => resolve()).once('error', reject));
  return child;
}

const inGroup = (child: ChildProcess) => findLeftoverProcesses().filter((p) => p.pgid === child.pid);

// Polls a condition the kernel makes true soon (a fork, a reaped process); fails loudly if it never does.
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('leftover processes', () => {
  it("kills the labelled processes (and their groups) of a run that is gone, never a live run's", async () => {
    const orphan = await sleeper(DEAD_OWNER);
    const live = await sleeper(ownerLabel());
    // Spawned is not yet forked: wait until the orphan's shell has started its `sleep`, so the group is
    // whole when reaped (a fixed pause was too short on a loaded machine).
    await until(() => inGroup(orphan).length >= 2, "the orphan's sleep");
    const found = findLeftoverProcesses().map((p) => p.pgid);
    expect(found).toContain(orphan.pid);
    expect(found).not.toContain(live.pid);
    const reaped = reapLeftoverProcesses();
    expect(reaped.some((p) => p.pid === orphan.pid)).toBe(true);
    await exited(orphan);
    expect(orphan.signalCode).toBe('SIGKILL');
    expect(live.exitCode === null && live.signalCode === null).toBe(true);
    // The group's `sleep` dies with it, reaped by whoever adopted it: gone once the kernel says so.
    await until(() => inGroup(orphan).length === 0, "the orphan's group to be gone");
    expect(inGroup(orphan)).toEqual([]);
  });
});

describe('scratch directories', () => {
  it("removes those whose owner is gone; keeps a live owner's and any without an owner file", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'scratch-parent-'));
    dirs.push(parent);
    for (const [name, owner] of [
      ['smoke-repair-command-dead', '4194999'],
      ['smoke-repair-command-live', String(process.pid)],
      ['smoke-repair-command-none', null],
    ] as const) {
      mkdirSync(join(parent, name));
      if (owner) writeFileSync(join(parent, name, SCRATCH_OWNER_FILE), owner);
    }
    expect(await removeOrphanScratchDirs(parent)).toEqual([join(parent, 'smoke-repair-command-dead')]);
    expect(readdirSync(parent).sort()).toEqual(['smoke-repair-command-live', 'smoke-repair-command-none']);
  });
});
