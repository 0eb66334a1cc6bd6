/**
 * A user's app directory for the reliability tests: a copy of a fixture app, optionally a real
 * git repository with a commit, a stash, a staged change, uncommitted edits and an untracked
 * file; and the exact state to compare with after the loop ran.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const CLI = join(ROOT, 'apps', 'cli', 'dist', 'cli.js');
export const DEMO_SHOP = join(ROOT, 'apps', 'demo-shop');
export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
export const TINY_APP = join(FIXTURES, 'tiny-app');
export const CHAIN_APP = join(FIXTURES, 'chain-app');
export const PYTEST_API = join(FIXTURES, 'pytest-api');
export const AGENTS = join(FIXTURES, 'agents');

/** What the app's own processes create (venv, bytecode, the serve script's lock): not the user's files. */
const NOT_USER_FILES = new Set(['.git', '.venv', '.venv.lock', '__pycache__', '.pytest_cache']);
const COPY_SKIP = new Set(['.venv', '.venv.lock', 'artifacts', '__pycache__', '.pytest_cache', '.smoke-repair']);

/** Copies `source` to `dest` (no venv, caches or artifacts); links demo-shop's venv when asked. */
export function copyApp(source: string, dest: string, options: { venv?: boolean } = {}): void {
  cpSync(source, dest, { recursive: true, filter: (src) => !COPY_SKIP.has(src.split('/').at(-1)!) });
  if (options.venv) symlinkSync(join(DEMO_SHOP, '.venv'), join(dest, '.venv'));
}

/** Edits the copy's smoke-repair.config.json. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, 'smoke-repair.config.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

export function readConfig(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'smoke-repair.config.json'), 'utf8')) as Record<string, unknown>;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test User', '-c', 'user.email=user@example.test', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * Makes `dir` a git repository in the middle of someone's work: everything committed, then a
 * stashed change to `stashFile`, a staged change to `stagedFile`, an uncommitted edit of
 * `editedFile` and an untracked file.
 */
export function makeUserRepo(dir: string, files: { stashFile: string; stagedFile: string; editedFile: string }): void {
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, '.git', 'info'), { recursive: true });
  writeFileSync(join(dir, '.git', 'info', 'exclude'), '.venv\n.venv.lock\n__pycache__/\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'the user’s app');
  const append = (file: string, text: string) =>
    writeFileSync(join(dir, file), `${readFileSync(join(dir, file), 'utf8')}${text}`);
  append(files.stashFile, '\n# a change the user stashed\n');
  git(dir, 'stash', 'push', '-q', '-m', 'user work in progress', '--', files.stashFile);
  append(files.stagedFile, '\n# a staged change\n');
  git(dir, 'add', files.stagedFile);
  append(files.editedFile, '\n# an uncommitted edit\n');
  writeFileSync(join(dir, 'NOTES.untracked.txt'), 'the user’s untracked notes\n');
}

/** HEAD, index, stash and status of a repository. */
export function gitState(dir: string): Record<string, string> {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'symbolic-ref', 'HEAD'),
    index: git(dir, 'ls-files', '-s'),
    stash: git(dir, 'stash', 'list', '--format=%H %gs'),
    status: git(dir, 'status', '--porcelain=v1', '--untracked-files=all'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
  };
}

/** sha256 and mode of every user file under `dir` (symlinks by target), keyed by relative path. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      if (NOT_USER_FILES.has(name)) continue;
      const path = join(current, name);
      const stat = lstatSync(path);
      const key = relative(dir, path);
      if (stat.isSymbolicLink()) out[key] = `symlink ${readlinkSync(path)}`;
      else if (stat.isDirectory()) walk(path);
      else
        out[key] =
          `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${(stat.mode & 0o7777).toString(8)}`;
    }
  };
  walk(dir);
  return out;
}

export function exists(path: string): boolean {
  return existsSync(path);
}
