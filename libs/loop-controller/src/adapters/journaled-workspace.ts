import { isUtf8 } from 'node:buffer';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { gitApplyInScratch, isInsideRoot, unifiedDiff } from '@smoke-repair/repair-agent';
import { z } from 'zod';
import { LoopError } from '../errors.js';
import type { PatchToApply, Workspace } from '../workspace/workspace.js';

const journalSchema = z.object({
  appRoot: z.string(),
  patches: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['applying', 'applied']),
      files: z.array(
        z.object({
          path: z.string(),
          existed: z.boolean(),
          backup: z.string(),
          /** sha256 of what the run wrote ('absent' for a deletion): recovery restores only files still holding it. */
          written: z.string().optional(),
          /** The original's permission bits, restored with its bytes. */
          mode: z.number().int().optional(),
        }),
      ),
    }),
  ),
});
type Journal = z.infer<typeof journalSchema>;

/** A journaled workspace that can also write whole files (the loop's final write). */
export interface JournaledWorkspace extends Workspace {
  /**
   * Writes `files` (bytes, or null to delete) as one journaled change: originals saved and
   * fsynced first, so a crash mid-write is undone by the next run's recovery.
   */
  writeFiles(id: string, files: ReadonlyMap<string, Buffer | null>): Promise<void>;
}

/**
 * A workspace over the real app directory, journaled under `journalDir` (outside the app's own
 * files, e.g. the artifacts directory). Before a patch touches a file its original bytes are
 * saved and the journal is fsynced; rollback writes them back exactly — unless the file no
 * longer holds what the run wrote (someone edited it meanwhile): then it is left alone.
 */
export async function openJournaledWorkspace(appRoot: string, journalDir: string): Promise<JournaledWorkspace> {
  await recoverJournals(journalDir, appRoot);
  const dir = join(journalDir, randomUUID());
  await mkdir(dir, { recursive: true });
  const journal: Journal = { appRoot, patches: [] };
  const root = await realpath(appRoot);
  const save = () => writeDurably(join(dir, 'journal.json'), JSON.stringify(journal));
  await save();

  async function safePath(path: string): Promise<string> {
    if (!isInsideRoot(path))
      throw new LoopError('SMOKE_LOOP_UNSAFE_PATH', `refusing to write ${path}: outside the app root`);
    const absolute = join(root, path);
    let parent = dirname(absolute);
    while (!existsSync(parent)) parent = dirname(parent);
    const realParent = await realpath(parent);
    if (realParent !== root && !realParent.startsWith(root + sep)) {
      throw new LoopError('SMOKE_LOOP_UNSAFE_PATH', `refusing to write ${path}: a symlink leads outside the app root`);
    }
    return absolute;
  }

  async function writeJournaled(id: string, files: ReadonlyMap<string, Buffer | null>): Promise<void> {
    const entry: Journal['patches'][number] = { id, state: 'applying', files: [] };
    journal.patches.push(entry);
    for (const [index, [path, next]] of [...files].entries()) {
      const target = await safePath(path);
      const original = await readFile(target).catch(() => null);
      const mode = original === null ? undefined : (await stat(target)).mode & 0o7777;
      const backup = join(dir, `${journal.patches.length}-${index}.orig`);
      if (original !== null) await writeDurably(backup, original);
      entry.files.push({
        path,
        existed: original !== null,
        backup,
        written: digest(next),
        ...(mode === undefined ? {} : { mode }),
      });
    }
    await save();
    for (const [path, next] of files) {
      const target = await safePath(path);
      if (next === null) await unlink(target).catch(() => undefined);
      else {
        await mkdir(dirname(target), { recursive: true });
        await writeDurably(target, next);
      }
    }
    entry.state = 'applied';
    await save();
  }

  return {
    async apply(patch: PatchToApply) {
      const current = new Map<string, string | null>();
      for (const path of patch.files) {
        const bytes = await readFile(await safePath(path)).catch(() => null);
        // A patch is text: on a file that is not UTF-8 it could only corrupt lines nobody changed.
        if (bytes !== null && !isUtf8(bytes))
          throw new LoopError('SMOKE_LOOP_PATCH_CONFLICT', `patch ${patch.id} not applied: ${path} is not UTF-8 text`);
        current.set(path, bytes === null ? null : bytes.toString('utf8'));
      }
      const applied = await gitApplyInScratch(patch.diff, current, patch.files);
      if (!applied.ok)
        throw new LoopError('SMOKE_LOOP_PATCH_CONFLICT', `patch ${patch.id} no longer applies: ${applied.error}`);
      const next = new Map<string, Buffer | null>();
      for (const path of patch.files) {
        const text = applied.files.get(path) ?? null;
        next.set(path, text === null ? null : Buffer.from(text, 'utf8'));
      }
      await writeJournaled(patch.id, next);
    },
    writeFiles: (id, files) => writeJournaled(id, files),
    checkpoint: () => journal.patches.length,
    async rollback(to) {
      const undone: string[] = [];
      while (journal.patches.length > to) {
        const entry = journal.patches.at(-1)!;
        await restoreEntry(root, entry, dir);
        undone.push(entry.id);
        journal.patches.pop();
        await save();
      }
      return undone;
    },
    async acceptedDiff() {
      const edits = await originalEdits(root, journal);
      return unifiedDiff(edits).diff;
    },
    async changedFiles() {
      return (await originalEdits(root, journal)).map((e) => e.path);
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// The first backup of each file is its state before the run; compare with now.
async function originalEdits(root: string, journal: Journal) {
  const first = new Map<string, { existed: boolean; backup: string }>();
  for (const entry of journal.patches) for (const f of entry.files) if (!first.has(f.path)) first.set(f.path, f);
  const edits = [];
  for (const [path, f] of [...first].sort(([a], [b]) => a.localeCompare(b))) {
    const before = f.existed ? await readFile(f.backup, 'utf8') : null;
    const after = await readOrNull(join(root, path));
    if (before !== after) edits.push({ path, before, after });
  }
  return edits;
}

async function restoreEntry(
  root: string,
  entry: Journal['patches'][number],
  backups: string,
  refuse: (why: string) => void = () => undefined,
): Promise<void> {
  for (const f of [...entry.files].reverse()) {
    // Only a relative path inside the root, reached without a symlink leading out of it.
    if (!isInsideRoot(f.path) || !(await parentInsideRoot(root, join(root, f.path)))) {
      refuse(`${f.path}: outside the app root`);
      continue;
    }
    const target = join(root, f.path);
    // A backup is only ever read from this journal's own folder, and only a regular file there.
    if (f.existed && !(await isOwnBackup(backups, f.backup))) {
      refuse(`${f.path}: its backup ${f.backup} is not in the journal's own folder`);
      continue;
    }
    // Someone changed the file after the run wrote it: their bytes win over our backup.
    if (f.written !== undefined && digest(await readFile(target).catch(() => null)) !== f.written) continue;
    if (f.existed) {
      await mkdir(dirname(target), { recursive: true });
      await writeDurably(target, await readFile(f.backup));
      if (f.mode !== undefined) await chmod(target, f.mode & 0o777);
    } else await unlink(target).catch(() => undefined);
  }
}

// The nearest existing ancestor of `target`, resolved, is the root or inside it.
async function parentInsideRoot(root: string, target: string): Promise<boolean> {
  let parent = dirname(target);
  while (!existsSync(parent)) parent = dirname(parent);
  const real = await realpath(parent).catch(() => null);
  return real !== null && (real === root || real.startsWith(root + sep));
}

async function isOwnBackup(dir: string, backup: string): Promise<boolean> {
  if (dirname(backup) !== dir || !/^\d+-\d+\.orig$/.test(basename(backup))) return false;
  const info = await lstat(backup).catch(() => null);
  return info !== null && info.isFile();
}

function digest(content: Buffer | null): string {
  return content === null ? 'absent' : createHash('sha256').update(content).digest('hex');
}

/**
 * Undoes what a crashed or killed run left: every journal found under `journalDir` (the app's
 * own journal directory, `userJournalDir`, outside any repository) is rolled back to the run's
 * start (its patches were never confirmed by the loop's final write). Only journals bound to
 * `appRoot`'s real path are trusted — one naming another folder is removed unread — and within
 * one, only relative paths inside the root, only from backups in the journal's own folder, and
 * only files still holding what the run wrote; anything else is refused and reported to `warn`.
 */
export async function recoverJournals(
  journalDir: string,
  appRoot: string,
  warn: (line: string) => void = () => undefined,
): Promise<string[]> {
  const expected = await realpath(appRoot).catch(() => null);
  const recovered: string[] = [];
  let runs: string[];
  try {
    runs = await readdir(journalDir);
  } catch {
    return recovered;
  }
  for (const run of runs) {
    const own = join(journalDir, run);
    const file = join(own, 'journal.json');
    const parsed = journalSchema.safeParse(parseJson(await readFile(file, 'utf8').catch(() => 'null')));
    if (!parsed.success) continue;
    const root = await realpath(parsed.data.appRoot).catch(() => null);
    if (root && root === expected) {
      const refuse = (why: string) => warn(`journal ${run}: refused to restore ${why}`);
      for (const entry of [...parsed.data.patches].reverse()) await restoreEntry(root, entry, own, refuse);
    } else warn(`journal ${run}: not of ${appRoot}, removed unread`);
    await rm(own, { recursive: true, force: true });
    recovered.push(run);
  }
  return recovered;
}

// Not a journal of ours (or not one at all): skipped, never a reason to refuse to start.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function readOrNull(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

// Write to a temp file, fsync, rename: a crash leaves the old bytes or the new ones, never half.
// The file keeps its mode (an executable script stays executable).
async function writeDurably(path: string, content: string | Buffer): Promise<void> {
  const temp = `${path}.smoke-repair-${process.pid}.tmp`;
  const mode = await stat(path)
    .then((s) => s.mode & 0o7777)
    .catch(() => null);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (mode !== null) await chmod(temp, mode);
  await rename(temp, path);
}
