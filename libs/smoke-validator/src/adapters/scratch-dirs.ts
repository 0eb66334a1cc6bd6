/**
 * Scratch directories smoke-repair makes under the temp directory (the sandbox, an agent's copy
 * of the app, a patch check) carry an `owner.pid` file: a run killed with SIGKILL cannot remove
 * them, so the next run removes those whose owner is gone. Directories without one are never
 * touched.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file naming a scratch directory's owning process. */
export const SCRATCH_OWNER_FILE = 'owner.pid';

/** `mkdtemp(<parent>/<prefix>)` with this process recorded as its owner. */
export async function makeScratchDir(prefix: string, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  await writeFile(join(dir, SCRATCH_OWNER_FILE), String(process.pid));
  return dir;
}

/**
 * Removes the scratch directories under `parent` whose name starts with `prefix` (default: any
 * of smoke-repair's) and whose owner process is gone; returns their paths.
 */
export async function removeOrphanScratchDirs(parent = tmpdir(), prefix = 'smoke-repair-'): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(await readFile(join(parent, name, SCRATCH_OWNER_FILE), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      await rm(join(parent, name), { recursive: true, force: true });
      removed.push(join(parent, name));
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
