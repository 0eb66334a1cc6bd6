import { strictWithHints } from '@smoke-repair/smoke-validator';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { FileEdit } from '../types.js';

/**
 * Limits every patch must respect, whatever produced it (DESIGN §4, §5). Strict: a misspelt key
 * (`protectedPath`) would otherwise drop the protection it meant to add, without a word.
 */
export const patchPolicySchema = strictWithHints({
  maxFiles: z.number().int().positive().default(5),
  maxChangedLines: z.number().int().positive().default(200),
  /** Globs (relative to the app root) a patch may never touch. */
  protectedPaths: z
    .array(z.string())
    .default([
      'tests/**',
      'test/**',
      '**/tests/**',
      '**/test_*.py',
      '**/*_test.py',
      '**/conftest.py',
      '**/*.test.*',
      '**/*.spec.*',
      '**/__tests__/**',
      '**/package-lock.json',
      '**/yarn.lock',
      '**/pnpm-lock.yaml',
      '**/poetry.lock',
      '**/Pipfile.lock',
      '**/uv.lock',
      '**/go.sum',
      '.git/**',
      '**/.git/**',
    ]),
});

/** Patch policy as callers write it (every field optional). */
export type PatchPolicyInput = z.input<typeof patchPolicySchema>;
/**
 * A path the tool itself owns (its config, artifacts, pattern store): protected for every
 * strategy on top of the user's `protectedPaths`, which cannot loosen it.
 */
export interface ReservedPath {
  /** Glob relative to the app root. */
  readonly glob: string;
  /** What it is, for the rejection message ("smoke-repair's config"). */
  readonly what: string;
}

/** Patch policy with defaults applied; `reserved` is added by the caller, never read from a config. */
export type PatchPolicy = z.output<typeof patchPolicySchema> & { readonly reserved?: readonly ReservedPath[] };

/** Why a patch was refused (a value: rejection is an expected outcome). */
export interface PolicyViolation {
  readonly rule:
    | 'too_many_files'
    | 'too_many_lines'
    | 'outside_root'
    | 'protected_path'
    | 'compiled_output'
    | 'symlink_escape'
    | 'does_not_apply'
    | 'empty';
  readonly message: string;
}

/** The checks that need no I/O; symlinks and `git apply --check` are checked by the caller. */
export function checkPatchShape(
  edits: readonly FileEdit[],
  changedLines: number,
  policy: PatchPolicy,
): PolicyViolation | null {
  if (edits.length === 0) return { rule: 'empty', message: 'the patch changes nothing' };
  if (edits.every((edit) => significant(edit.before) === significant(edit.after))) {
    return { rule: 'empty', message: 'the patch changes nothing but blank lines or trailing whitespace' };
  }
  for (const edit of edits) {
    if (!isInsideRoot(edit.path)) return { rule: 'outside_root', message: `${edit.path} is outside the app root` };
    const reserved = policy.reserved?.find((path) => globMatches(path.glob, edit.path));
    if (reserved)
      return { rule: 'protected_path', message: `${edit.path} is ${reserved.what}: no patch may change it` };
    const glob = policy.protectedPaths.find((pattern) => globMatches(pattern, edit.path));
    if (glob) return { rule: 'protected_path', message: `${edit.path} is protected (${glob})` };
    const compiled = compiledOutput(edit);
    if (compiled)
      return {
        rule: 'compiled_output',
        message: `${edit.path} is compiled output (${compiled}): repair edits the source it is built from`,
      };
  }
  if (edits.length > policy.maxFiles) {
    return { rule: 'too_many_files', message: `the patch touches ${edits.length} files (limit ${policy.maxFiles})` };
  }
  if (changedLines > policy.maxChangedLines) {
    return {
      rule: 'too_many_lines',
      message: `the patch changes ${changedLines} lines (limit ${policy.maxChangedLines})`,
    };
  }
  return null;
}

/**
 * Why a file is a build's output, or null: it lies under a `dist/` or `build/` directory, or it
 * names a source map (`//# sourceMappingURL=`), as tsc and bundlers write. Whatever is written
 * there is overwritten by the next build, and the app runs what the build makes of the source.
 */
function compiledOutput(edit: Pick<FileEdit, 'path' | 'before'>): string | null {
  const dir = edit.path
    .split('/')
    .slice(0, -1)
    .find((part) => part === 'dist' || part === 'build');
  if (dir) return `under ${dir}/`;
  if (edit.before !== null && /\/\/[#@]\s*sourceMappingURL=\S+\s*$/.test(edit.before.trimEnd()))
    return 'it names a source map';
  return null;
}

// A file's text without what no language reads: trailing whitespace, blank lines, line endings.
// Indentation stays (Python reads it).
function significant(text: string | null): string {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

/** A relative path that stays inside the root: no absolute paths, no `..`, no drive letters. */
export function isInsideRoot(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || path.includes('\0'))
    return false;
  return !path.split(/[\\/]/).some((part) => part === '..');
}

/**
 * Whether `path` (relative to the app root, `/`-separated) matches `glob`, with picomatch's
 * full syntax: a double star for any depth, `*` and `?` within a segment, braces (`*.{lock,json}`),
 * classes (`test_[ab].py`), extglobs, and a leading `!` negating the pattern (`!src/` plus a
 * double star: every path outside `src/`). Dotfiles match.
 */
export function globMatches(glob: string, path: string): boolean {
  let matcher = MATCHERS.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    MATCHERS.set(glob, matcher);
  }
  return matcher(path);
}

// Policies are checked for every candidate patch: each glob is compiled once.
const MATCHERS = new Map<string, (path: string) => boolean>();
