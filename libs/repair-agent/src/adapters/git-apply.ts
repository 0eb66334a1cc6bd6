import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { makeScratchDir } from '@smoke-repair/smoke-validator';
import type { FileEdit } from '../types.js';

/** Outcome of `git apply` on a scratch copy of the files a patch touches. */
export type GitApplyResult =
  | { readonly ok: true; readonly files: Map<string, string | null> }
  | { readonly ok: false; readonly error: string };

/**
 * Applies `diff` with real `git apply` to a scratch directory holding `files` (path → content,
 * null = absent), never to the user's tree. Returns the resulting contents of every path the
 * patch names, or git's own error.
 */
export async function gitApplyInScratch(
  diff: string,
  files: ReadonlyMap<string, string | null>,
  touched: readonly string[],
  options: { readonly recount?: boolean } = {},
): Promise<GitApplyResult> {
  // Owned (owner.pid), so a run killed mid-check leaves nothing the next run does not sweep; the
  // files go one level down, where no app path can collide with the owner file.
  const scratch = await makeScratchDir('smoke-repair-apply-');
  const dir = join(scratch, 'tree');
  try {
    await mkdir(dir, { recursive: true });
    for (const [path, content] of files) {
      if (content === null) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await writeFile(join(dir, '.smoke-repair.patch'), diff);
    // --recount forgives wrong hunk line counts, which hand-written (LLM) diffs often have.
    const args = ['apply', '--whitespace=nowarn', ...(options.recount ? ['--recount'] : []), '.smoke-repair.patch'];
    const result = await execa('git', args, {
      cwd: dir,
      reject: false,
      timeout: 30_000,
      env: { GIT_CEILING_DIRECTORIES: dirname(dir) },
    });
    if (result.exitCode !== 0)
      return { ok: false, error: (result.stderr || result.stdout || 'git apply failed').trim() };
    const out = new Map<string, string | null>();
    for (const path of touched) out.set(path, await readFile(join(dir, path), 'utf8').catch(() => null));
    return { ok: true, files: out };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Runs `git apply --check` for edits expressed as a diff against their `before` contents. */
export async function gitApplyCheck(diff: string, edits: readonly FileEdit[]): Promise<string | null> {
  const before = new Map(edits.map((e) => [e.path, e.before] as const));
  const result = await gitApplyInScratch(
    diff,
    before,
    edits.map((e) => e.path),
  );
  if (!result.ok) return result.error;
  for (const edit of edits) {
    if ((result.files.get(edit.path) ?? null) !== edit.after) return `git apply does not reproduce ${edit.path}`;
  }
  return null;
}
