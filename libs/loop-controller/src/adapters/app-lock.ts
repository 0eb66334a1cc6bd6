import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { SmokeRepairError } from '@smoke-repair/log-parser';
import { setContainerOwnerLock } from '@smoke-repair/smoke-validator';
import type { LoopErrorCode } from '../errors.js';

/** Who holds an app's lock (the lock file's content). */
export interface LockHolder {
  readonly pid: number;
  /** The command line, e.g. `smoke-repair run --config smoke-repair.config.json`. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** The app root's real path (the artifacts directory's, for an artifacts lock). */
  readonly root: string;
  /** What is locked: the app (default) or an artifacts directory. */
  readonly kind?: 'app' | 'artifacts';
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid. */
  readonly startTicks: string | null;
}

/** A held lock; `release()` is idempotent and also runs when the process exits. */
export interface AppLock {
  readonly path: string;
  /** Set when a stale lock (its process gone) was taken over: one line for the user. */
  readonly note: string | null;
  release(): void;
}

/** Another smoke-repair (`run` or `smoke`) holds the app. */
export class AppLockedError extends SmokeRepairError<LoopErrorCode> {
  readonly code = 'SMOKE_APP_LOCKED';
  constructor(
    readonly holder: LockHolder,
    readonly lockPath: string,
  ) {
    super(
      `another smoke-repair ` +
        `is ${holder.kind === 'artifacts' ? 'writing to the artifacts directory' : 'running on'} ${holder.root}: ` +
        `pid ${holder.pid} (${holder.command}), since ${holder.since}; wait for it to end or stop it (lock ` +
        `file ${lockPath})`,
    );
  }
}

/** Options of `acquireAppLock`. */
export interface AppLockOptions {
  /** The command line to record (default: this process's). */
  readonly command?: string;
  /** Lock an artifacts directory rather than an app (another key, another message). */
  readonly kind?: 'app' | 'artifacts';
  /**
   * Where lock files live (default: `$XDG_STATE_HOME/smoke-repair/locks`, else `<tmpdir>/smoke-repair-<uid>/locks`).
   */
  readonly stateDir?: string;
}

/**
 * Takes the lock of the app at `root` (keyed by its real path, so a symlink or a relative path
 * is the same app) or throws `AppLockedError` naming the holder. The lock file lives outside the
 * app's tree, is created with O_EXCL and holds the pid and start time; a lock whose process is
 * gone is taken over (see `note`).
 */
export function acquireAppLock(root: string, options: AppLockOptions = {}): AppLock {
  const realRoot = realOrResolved(root);
  const dir = options.stateDir ?? defaultStateDir();
  ensurePrivateDir(dir);
  const kind = options.kind ?? 'app';
  const key = kind === 'app' ? realRoot : `artifacts:${realRoot}`;
  const path = join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  const holder: LockHolder = {
    pid: process.pid,
    command: options.command ?? ['smoke-repair', ...process.argv.slice(2)].join(' '),
    since: new Date().toISOString(),
    root: realRoot,
    kind,
    startTicks: startTicksOf(process.pid),
  };
  let note: string | null = null;
  let missingDir = 0;
  // Twice at most: a stale lock is removed once, then O_EXCL decides between racing takers.
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(holder)}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      // Another run removed the (then empty) lock directory between our mkdir and open: again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && missingDir++ < 3) {
        ensurePrivateDir(dir);
        attempt--;
        continue;
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readHolder(path);
      if (current && isAlive(current)) throw new AppLockedError(current, path);
      if (attempt >= 1)
        throw new AppLockedError(current ?? { ...holder, pid: 0, command: 'unknown', since: 'unknown' }, path);
      note = current
        ? `took over the lock of pid ${current.pid} (${current.command}, since ${current.since}): that process is gone`
        : 'took over an unreadable lock file';
      try {
        unlinkSync(path);
      } catch {
        // Another taker removed it first: O_EXCL decides.
      }
    }
  }
  // Containers this run creates carry the app's lock: the next run of this app can tell them.
  if (kind === 'app') setContainerOwnerLock(path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (kind === 'app') setContainerOwnerLock(null);
    // Only our own lock: never one a later run took over.
    if (readHolder(path)?.pid === holder.pid) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
      // Nothing left behind: the lock directory (and the default one's parent) go when empty.
      for (const empty of options.stateDir ? [dir] : [dir, dirname(dir)]) {
        try {
          rmdirSync(empty);
        } catch {
          break; // Not empty (another run's lock), or already gone.
        }
      }
    }
  };
  process.on('exit', release);
  return { path, note, release };
}

/** The default directory of lock files, outside any app tree. */
function defaultStateDir(): string {
  const xdg = process.env['XDG_STATE_HOME'];
  if (xdg) return join(xdg, 'smoke-repair', 'locks');
  return join(tmpdir(), `smoke-repair-${process.getuid?.() ?? 'user'}`, 'locks');
}

// In a shared temp dir someone else could have made the folder first (or a symlink to elsewhere).
function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new AppLockDirError(dir);
  }
}

/** The lock directory is not a directory of this user's. */
class AppLockDirError extends SmokeRepairError<LoopErrorCode> {
  readonly code = 'SMOKE_LOCK_DIR_UNSAFE';
  constructor(readonly dir: string) {
    super(`the lock directory ${dir} is not a directory owned by you; remove it or set XDG_STATE_HOME`);
  }
}

// The real path; for a path not created yet (an artifacts directory), its nearest existing
// ancestor's real path joined with the rest, so the key does not change once it exists.
function realOrResolved(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realOrResolved(parent), basename(absolute));
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && parsed.pid > 0
      ? {
          pid: parsed.pid,
          command: String(parsed.command ?? 'unknown'),
          since: String(parsed.since ?? 'unknown'),
          root: String(parsed.root ?? ''),
          kind: parsed.kind === 'artifacts' ? 'artifacts' : 'app',
          startTicks: parsed.startTicks ?? null,
        }
      : null;
  } catch {
    return null;
  }
}

// Alive, and the same process (a pid reused since has another start time).
function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = startTicksOf(holder.pid);
  return holder.startTicks === null || ticks === null || ticks === holder.startTicks;
}

// Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces).
function startTicksOf(pid: number): string | null {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return null;
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * The locks of one `run` or app-starting `smoke`: the app root, then its artifacts directory (two
 * apps writing reports into one directory would overwrite each other's). All or none.
 */
export function acquireRunLocks(
  paths: { readonly root: string; readonly artifactsDir: string },
  options: Omit<AppLockOptions, 'kind'> = {},
): AppLock {
  const app = acquireAppLock(paths.root, options);
  let artifacts: AppLock;
  try {
    artifacts = acquireAppLock(paths.artifactsDir, { ...options, kind: 'artifacts' });
  } catch (error) {
    app.release();
    throw error;
  }
  return {
    path: app.path,
    // A run killed with SIGKILL leaves both: one note says it.
    note: app.note ?? artifacts.note,
    release: () => {
      artifacts.release();
      app.release();
    },
  };
}
