import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/sandbox.js';
import { openJournaledWorkspace } from './journaled-workspace.js';

/** What the final write did to the user's tree. */
export interface FinalWrite {
  /** Files written with the accepted changes. */
  readonly written: readonly string[];
  /** Files left alone because they changed since the loop began (their hunks stay in accepted.patch). */
  readonly conflicts: readonly string[];
}

/**
 * The loop's only write to the user's tree: each file the accepted patches changed in the
 * sandbox is written — byte for byte, journaled so a crash mid-write is undone by the next run —
 * but only when the user's file still holds the bytes it had when the loop began; a file the
 * user (or another tool) changed meanwhile is reported as a conflict and not touched.
 */
export async function writeAcceptedFiles(
  sandbox: Sandbox,
  files: readonly string[],
  journalDir: string,
): Promise<FinalWrite> {
  const writes = new Map<string, Buffer | null>();
  const conflicts: string[] = [];
  for (const path of files) {
    const before = await sandbox.original(path);
    const now = await readFile(join(sandbox.userRoot, path)).catch(() => null);
    if (!sameBytes(before, now)) conflicts.push(path);
    else writes.set(path, await sandbox.current(path));
  }
  if (writes.size === 0) return { written: [], conflicts };
  const workspace = await openJournaledWorkspace(sandbox.userRoot, journalDir);
  try {
    await workspace.writeFiles('accepted', writes);
  } finally {
    await workspace.close();
  }
  return { written: [...writes.keys()], conflicts };
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
