import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNewBranch, commitToNewBranch } from './branch-commit.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'u',
      GIT_AUTHOR_EMAIL: 'u@x',
      GIT_COMMITTER_NAME: 'u',
      GIT_COMMITTER_EMAIL: 'u@x',
    },
  });

/** Every byte the user owns: HEAD, the index file and what it says, the stash, the working tree. */
function userState(repo: string) {
  const index = readFileSync(join(repo, '.git', 'index')).toString('base64');
  const tree: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === '.git') continue;
      if (statSync(path).isDirectory()) walk(path);
      else tree[relative(repo, path)] = `${statSync(path).mode}:${readFileSync(path).toString('base64')}`;
    }
  };
  walk(repo);
  return {
    index,
    head: git(repo, 'rev-parse', 'HEAD'),
    symbolicHead: git(repo, 'symbolic-ref', 'HEAD'),
    lsFiles: git(repo, 'ls-files', '-s'),
    cached: git(repo, 'diff', '--cached'),
    stash: git(repo, 'stash', 'list', '--format=%H %s'),
    status: git(repo, 'status', '--porcelain=v1', '--untracked-files=all'),
    tree,
  };
}

/** A repo whose app lives in `svc/`, with a staged change, an unstaged one, an untracked file and a stash entry. */
function userRepo() {
  const repo = mkdtempSync(join(tmpdir(), 'branch-commit-'));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'svc', 'app'), { recursive: true });
  writeFileSync(join(repo, 'README.md'), 'readme\n');
  writeFileSync(join(repo, 'svc', 'app', 'routes.py'), 'def create():\n    return utcnow()\n');
  writeFileSync(join(repo, 'svc', 'app', 'old.py'), 'old = 1\n');
  writeFileSync(join(repo, 'svc', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'initial');
  writeFileSync(join(repo, 'README.md'), 'stashed edit\n');
  git(repo, 'stash', 'push', '-q', '-m', 'user stash');
  writeFileSync(join(repo, 'README.md'), 'staged edit\n');
  git(repo, 'add', 'README.md');
  writeFileSync(join(repo, 'svc', 'notes.txt'), 'untracked\n');
  // What the loop accepted, in the working tree:
  writeFileSync(
    join(repo, 'svc', 'app', 'routes.py'),
    'from app.utils import utcnow\n\ndef create():\n    return utcnow()\n',
  );
  writeFileSync(join(repo, 'svc', 'app', 'utils.py'), 'def utcnow(): ...\n');
  rmSync(join(repo, 'svc', 'app', 'old.py'));
  return repo;
}

describe('commitToNewBranch', () => {
  it(`commits the accepted files on top of HEAD to a new branch; HEAD, index, stash and tree stay \
byte-identical`, async () => {
    const repo = userRepo();
    const before = userState(repo);
    const result = await commitToNewBranch({
      appRoot: join(repo, 'svc'),
      branch: 'smoke-repair/fixes',
      files: ['app/routes.py', 'app/utils.py', 'app/old.py'],
      message: 'smoke-repair: 2 fixes\n\n- import utcnow\n',
    });
    expect(userState(repo)).toEqual(before);
    expect(result).toEqual({ branch: 'smoke-repair/fixes', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(git(repo, 'rev-parse', 'smoke-repair/fixes^').trim()).toBe(before.head.trim());
    expect(git(repo, 'show', 'smoke-repair/fixes:svc/app/routes.py')).toBe(
      readFileSync(join(repo, 'svc', 'app', 'routes.py'), 'utf8'),
    );
    expect(git(repo, 'show', 'smoke-repair/fixes:svc/app/utils.py')).toBe('def utcnow(): ...\n');
    expect(git(repo, 'ls-tree', '-r', '--name-only', 'smoke-repair/fixes').split('\n')).not.toContain('svc/app/old.py');
    // Only the accepted files: the user's staged README edit is not on the branch; modes are kept.
    expect(git(repo, 'show', 'smoke-repair/fixes:README.md')).toBe('readme\n');
    expect(git(repo, 'ls-tree', 'smoke-repair/fixes', 'svc/run.sh')).toMatch(/^100755 /);
    expect(git(repo, 'log', '-1', '--format=%B', 'smoke-repair/fixes')).toBe(
      'smoke-repair: 2 fixes\n\n- import utcnow\n\n',
    );
    expect(git(repo, 'diff', '--name-status', 'HEAD', 'smoke-repair/fixes')).toBe(
      'D\tsvc/app/old.py\nM\tsvc/app/routes.py\nA\tsvc/app/utils.py\n',
    );
  });

  it('refuses an existing branch or an invalid name, and leaves everything as it was', async () => {
    const repo = userRepo();
    git(repo, 'branch', 'taken');
    const before = userState(repo);
    const taken = git(repo, 'rev-parse', 'taken');
    await expect(
      commitToNewBranch({ appRoot: repo, branch: 'taken', files: ['svc/app/routes.py'], message: 'm' }),
    ).rejects.toMatchObject({ code: 'SMOKE_LOOP_BRANCH_EXISTS' });
    await expect(assertNewBranch(repo, 'bad..name')).rejects.toMatchObject({ code: 'SMOKE_LOOP_BRANCH_INVALID' });
    await expect(assertNewBranch(repo, 'refs/heads/fixes')).rejects.toMatchObject({
      code: 'SMOKE_LOOP_BRANCH_INVALID',
      message: '"refs/heads/fixes" is a ref, not a branch name; give the name alone ("fixes")',
    });
    await expect(assertNewBranch(repo, 'refs/fixes')).rejects.toMatchObject({ code: 'SMOKE_LOOP_BRANCH_INVALID' });
    expect(git(repo, 'rev-parse', 'taken')).toBe(taken);
    expect(userState(repo)).toEqual(before);
  });

  it('works in a repo without commits or identity, and returns null outside git', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'branch-commit-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    writeFileSync(join(repo, 'a.py'), 'a\n');
    const result = await commitToNewBranch({ appRoot: repo, branch: 'fix', files: ['a.py'], message: 'm' });
    expect(result?.branch).toBe('fix');
    expect(execFileSync('git', ['show', 'fix:a.py'], { cwd: repo, encoding: 'utf8' })).toBe('a\n');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('?? a.py\n');
    const plain = mkdtempSync(join(tmpdir(), 'branch-commit-plain-'));
    await expect(commitToNewBranch({ appRoot: plain, branch: 'fix', files: [], message: 'm' })).resolves.toBeNull();
  });
});
