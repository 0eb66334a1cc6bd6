import { randomUUID } from 'node:crypto';
import { lstat, readlink, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { execa } from 'execa';
import { LoopError } from '../errors.js';
import type { LoopResult } from '../loop/loop-result.js';

const ZERO_OID = '0000000000000000000000000000000000000000';

/** Where the app lives in git: the repository's top level, and HEAD (null on an unborn branch). */
interface GitLocation {
  readonly topLevel: string;
  readonly head: string | null;
}

/** The git repository containing `dir`, or null when it is not in one (or git is missing). */
async function gitLocation(dir: string): Promise<GitLocation | null> {
  const top = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: dir, reject: false });
  if (top.failed || top.exitCode !== 0) return null;
  const head = await execa('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: dir, reject: false });
  return { topLevel: top.stdout.trim(), head: head.exitCode === 0 ? head.stdout.trim() : null };
}

/**
 * Checks that `branch` is a valid new branch name in the repository of `dir`; throws
 * `LoopError` SMOKE_LOOP_BRANCH_INVALID / SMOKE_LOOP_BRANCH_EXISTS. Not in a repo: no check.
 */
export async function assertNewBranch(dir: string, branch: string): Promise<void> {
  const location = await gitLocation(dir);
  if (!location) return;
  // A full ref is valid to git, but the branch would be refs/heads/refs/heads/x.
  const short = /^refs\/(heads\/)?(.+)$/.exec(branch);
  if (short)
    throw new LoopError(
      'SMOKE_LOOP_BRANCH_INVALID',
      `"${branch}" is a ref, not a branch name; give the name alone ("${short[2]}")`,
    );
  const valid = await execa('git', ['check-ref-format', '--branch', branch], { cwd: dir, reject: false });
  if (valid.exitCode !== 0 || branch.startsWith('-'))
    throw new LoopError('SMOKE_LOOP_BRANCH_INVALID', `"${branch}" is not a valid branch name`);
  const exists = await execa('git', ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {
    cwd: dir,
    reject: false,
  });
  if (exists.exitCode === 0)
    throw new LoopError('SMOKE_LOOP_BRANCH_EXISTS', `branch "${branch}" already exists; name a new one`);
}

/** Options of `commitToNewBranch`. */
export interface BranchCommitOptions {
  /** The app root (inside the repository). */
  readonly appRoot: string;
  readonly branch: string;
  /** Changed files, relative to the app root; a file missing from the tree is a deletion. */
  readonly files: readonly string[];
  readonly message: string;
  /** Where the files' new content is read (the sandbox); default the app root. */
  readonly sourceRoot?: string;
}

/**
 * Commits the current content of `files` on top of HEAD to a NEW branch, touching neither
 * HEAD, the index, the stash nor the working tree: a temporary index (`GIT_INDEX_FILE`) is
 * loaded from HEAD, the files are hashed into the object store and staged there, the tree is
 * written and committed with `commit-tree`, and `update-ref` creates the branch only if it does
 * not exist (atomic). Returns null when the app root is not inside a git repository.
 */
export async function commitToNewBranch(
  options: BranchCommitOptions,
): Promise<{ branch: string; commit: string } | null> {
  const location = await gitLocation(options.appRoot);
  if (!location) return null;
  await assertNewBranch(options.appRoot, options.branch);
  const top = await realpath(location.topLevel);
  const root = await realpath(options.appRoot);
  const index = join(tmpdir(), `smoke-repair-index-${randomUUID()}`);
  const env = { GIT_INDEX_FILE: index, ...(await fallbackIdentity(top)) };
  const git = (args: string[], input?: string) =>
    execa('git', args, { cwd: top, env, ...(input !== undefined ? { input } : {}) });
  try {
    if (location.head) await git(['read-tree', location.head]);
    else await git(['read-tree', '--empty']);
    for (const file of options.files) {
      const path = relative(top, join(root, file)).split(sep).join('/');
      const absolute = join(options.sourceRoot ?? root, file);
      if (isAbsolute(path) || path.startsWith('..'))
        throw new LoopError('SMOKE_LOOP_UNSAFE_PATH', `${file} is outside the repository ${top}`);
      const stat = await lstat(absolute).catch(() => null);
      if (!stat) {
        await git(['update-index', '--force-remove', '--', path]);
        continue;
      }
      const link = stat.isSymbolicLink();
      const blob = link
        ? (await git(['hash-object', '-w', '--stdin'], await readlink(absolute))).stdout.trim()
        : (await git(['hash-object', '-w', `--path=${path}`, '--', absolute])).stdout.trim();
      const mode = link ? '120000' : stat.mode & 0o111 ? '100755' : '100644';
      await git(['update-index', '--add', '--cacheinfo', `${mode},${blob},${path}`]);
    }
    const tree = (await git(['write-tree'])).stdout.trim();
    const commit = (
      await git(['commit-tree', tree, ...(location.head ? ['-p', location.head] : []), '-F', '-'], options.message)
    ).stdout.trim();
    const created = await execa(
      'git',
      ['update-ref', '-m', `smoke-repair: accepted changes`, `refs/heads/${options.branch}`, commit, ZERO_OID],
      { cwd: top, reject: false },
    );
    if (created.exitCode !== 0)
      throw new LoopError(
        'SMOKE_LOOP_BRANCH_EXISTS',
        `cannot create branch "${options.branch}": ${created.stderr.trim()}`,
      );
    return { branch: options.branch, commit };
  } catch (error) {
    if (error instanceof LoopError) throw error;
    throw new LoopError(
      'SMOKE_LOOP_BRANCH_FAILED',
      `cannot commit to branch ` +
        `"${options.branch}": ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`,
      { cause: error },
    );
  } finally {
    await rm(index, { force: true });
    await rm(`${index}.lock`, { force: true });
  }
}

// commit-tree needs an identity; a repo without one still gets its branch, by smoke-repair.
async function fallbackIdentity(cwd: string): Promise<Record<string, string>> {
  const get = async (key: string) =>
    (await execa('git', ['config', '--get', key], { cwd, reject: false })).stdout.trim();
  const env: Record<string, string> = {};
  if (!(await get('user.name')) && !process.env['GIT_AUTHOR_NAME'])
    Object.assign(env, { GIT_AUTHOR_NAME: 'smoke-repair', GIT_COMMITTER_NAME: 'smoke-repair' });
  if (!(await get('user.email')) && !process.env['GIT_AUTHOR_EMAIL'])
    Object.assign(env, { GIT_AUTHOR_EMAIL: 'smoke-repair@localhost', GIT_COMMITTER_EMAIL: 'smoke-repair@localhost' });
  return env;
}

/** The commit message of the accepted changes: the figures, then one line per kept patch. */
export function branchCommitMessage(result: LoopResult): string {
  const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
  const kept = result.iterations
    .filter((it) => it.kept)
    .flatMap((it) => it.patches.filter((p) => p.outcome !== 'rolled_back'));
  return `smoke-repair: ${result.fixesApplied} fix${result.fixesApplied === 1 ? '' : 'es'}, pass \
rate ${pct(result.initial.passRate)} → ${pct(result.final.passRate)}

Outcome: ${result.outcome} (${result.stopReason}).
5xx: ${result.initial.serverErrors} → ${result.final.serverErrors}.

${kept.map((p) => `- ${p.summary} [${p.strategy}${p.patternId ? ` ${p.patternId}` : ''}]`).join('\n')}
`;
}
