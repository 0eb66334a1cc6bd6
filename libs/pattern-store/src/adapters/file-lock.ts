import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { PatternStoreIoError, PatternStoreLockError } from '../errors.js';
import type { PatternStoreLogger } from '../logger.js';

/** What a lock file holds: who owns it, and a nonce so a reused pid is not mistaken for the owner. */
const lockOwnerSchema = z.object({ pid: z.number().int(), host: z.string(), nonce: z.string(), at: z.string() });
type LockOwner = z.infer<typeof lockOwnerSchema>;

/** Options of `acquireFileLock`. */
export interface FileLockOptions {
  /** Give up after this long while a live process holds the lock. Default 10 s. */
  timeoutMs?: number;
  logger: PatternStoreLogger;
}

/** A held lock; `release` is idempotent. */
export interface FileLock {
  release(): Promise<void>;
}

/** A breaker lock older than this was left by a process that died while breaking a stale lock. */
const BREAKER_STALE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new PatternStoreIoError(`cannot create lock file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function readOwner(path: string): Promise<{ raw: string; owner: LockOwner | null } | null> {
  try {
    const raw = await readFile(path, 'utf8');
    const parsed = lockOwnerSchema.safeParse(
      (() => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return null;
        }
      })(),
    );
    return { raw, owner: parsed.success ? parsed.data : null };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Removes `path` if it still holds exactly `staleRaw`. Breaking goes through a second O_EXCL
 * "breaker" file, so two processes that both saw the same stale lock cannot both break it and
 * then delete each other's fresh lock.
 */
async function breakStaleLock(path: string, staleRaw: string, logger: PatternStoreLogger): Promise<void> {
  const breaker = `${path}.break`;
  if (!(await tryCreate(breaker, String(process.pid)))) {
    const info = await stat(breaker).catch(() => null);
    if (info && Date.now() - info.mtimeMs > BREAKER_STALE_MS) await unlinkQuietly(breaker);
    return;
  }
  try {
    const current = await readOwner(path);
    if (current && current.raw === staleRaw) {
      await unlinkQuietly(path);
      logger.warn(`removed the stale lock ${path} left by a process that is gone (${staleRaw.trim() || 'empty'})`);
    }
  } finally {
    await unlinkQuietly(breaker);
  }
}

/**
 * Takes an exclusive lock shared by every process on this host: an O_EXCL lock file holding
 * the owner's pid. A lock whose pid is dead (or unreadable, and older than the timeout) is
 * stale and gets broken; a live owner is waited for, then `PatternStoreLockError`.
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const me: LockOwner = { pid: process.pid, host: hostname(), nonce: randomUUID(), at: new Date().toISOString() };
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    if (await tryCreate(path, content)) break;
    const held = await readOwner(path);
    if (held) {
      const { owner } = held;
      const deadOwner = owner !== null && owner.host === me.host && !isAlive(owner.pid);
      const unreadableAndOld =
        owner === null && Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now()) > timeoutMs;
      if (deadOwner || unreadableAndOld) {
        await breakStaleLock(path, held.raw, options.logger);
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw new PatternStoreLockError(
        `timed out after ${timeoutMs} ms waiting for the lock ${path}, held by ${held?.raw.trim() ?? 'nobody'}`,
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const current = await readOwner(path).catch(() => null);
      if (current?.owner?.nonce === me.nonce) await unlinkQuietly(path);
    },
  };
}
