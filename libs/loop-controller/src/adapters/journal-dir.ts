import { createHash } from 'node:crypto';
import { lstat, mkdir, realpath, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LoopError } from '../errors.js';

/**
 * The state root of journals: `$XDG_STATE_HOME/smoke-repair/journals`, else
 * `~/.local/state/smoke-repair/journals` (XDG's default). Not a temp dir: a journal must survive
 * a reboot to undo a half-done write. Never inside an app's tree, so a repository cannot ship one.
 */
function defaultJournalRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'state'), 'smoke-repair', 'journals');
}

/**
 * The journal directory of the app at `appRoot`: one folder under `journalRoot`, keyed by the app
 * root's real path (a symlink or a relative path is the same app), created private (0700) and
 * refused when it is not a directory of this user's.
 */
export async function userJournalDir(appRoot: string, journalRoot = defaultJournalRoot()): Promise<string> {
  const root = await realpath(resolve(appRoot));
  const dir = join(journalRoot, createHash('sha256').update(root).digest('hex').slice(0, 24));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await lstat(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new LoopError(
      'SMOKE_LOOP_UNSAFE_PATH',
      `the journal directory ${dir} is not a directory owned by you; remove it or set XDG_STATE_HOME`,
    );
  }
  return dir;
}

/** Removes an app's journal directory (and the journal root) when nothing is left in them. */
export async function removeEmptyJournalDir(dir: string): Promise<void> {
  for (const empty of [dir, dirname(dir)]) {
    try {
      await rmdir(empty);
    } catch {
      return; // Not empty (a journal of a killed run, another app's), or already gone.
    }
  }
}
