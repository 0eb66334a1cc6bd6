import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unifiedDiff } from '@smoke-repair/repair-agent';
import { openJournaledWorkspace, recoverJournals } from './journaled-workspace.js';
import type { PatchToApply } from '../workspace/workspace.js';

let base: string;
let app: string;
let journal: string;
// Latin-1 bytes (not valid UTF-8) and a NUL: rollback must restore them exactly.
const LATIN1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0x00, 0xff]), Buffer.from('\nVALUE = 1\n')]);

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'journaled-ws-'));
  app = join(base, 'app');
  journal = join(base, 'artifacts', '.journal');
  await mkdir(join(app, 'pkg'), { recursive: true });
  await writeFile(join(app, 'pkg', 'main.py'), 'def handler():\n    return 1\n');
  await writeFile(join(app, 'run.sh'), '#!/bin/sh\necho run\n');
  await chmod(join(app, 'run.sh'), 0o750);
  await writeFile(join(app, 'latin1.py'), LATIN1);
  await writeFile(join(base, 'outside.py'), 'SECRET = 1\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** sha256 and mode of every file under the app (symlinks as their target). */
async function snapshot(dir = app): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) out[path] = 'symlink';
    else if (entry.isFile()) {
      const mode = (await stat(path)).mode & 0o7777;
      out[path] = `${createHash('sha256')
        .update(await readFile(path))
        .digest('hex')} ${mode.toString(8)}`;
    }
  }
  return out;
}

function patch(id: string, edits: { path: string; before: string | null; after: string | null }[]): PatchToApply {
  return { id, diff: unifiedDiff(edits).diff, files: edits.map((e) => e.path) };
}

describe('openJournaledWorkspace', () => {
  it('applies a patch, reports the accepted diff and changed files, and keeps file modes', async () => {
    const ws = await openJournaledWorkspace(app, journal);
    await ws.apply(
      patch('p1', [
        { path: 'run.sh', before: '#!/bin/sh\necho run\n', after: '#!/bin/sh\necho fixed\n' },
        { path: 'pkg/new.py', before: null, after: 'NEW = 1\n' },
      ]),
    );
    expect(await readFile(join(app, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho fixed\n');
    expect((await stat(join(app, 'run.sh'))).mode & 0o777).toBe(0o750);
    expect(await readFile(join(app, 'pkg', 'new.py'), 'utf8')).toBe('NEW = 1\n');
    expect(ws.checkpoint()).toBe(1);
    expect(await ws.changedFiles()).toEqual(['pkg/new.py', 'run.sh']);
    expect(await ws.acceptedDiff()).toContain('+echo fixed');
    await ws.close();
    expect(await readdir(journal)).toEqual([]);
  });

  it('rolls back byte for byte: non-UTF-8 bytes, modes, created files removed', async () => {
    const before = await snapshot();
    const ws = await openJournaledWorkspace(app, journal);
    await ws.writeFiles('p1', new Map([['latin1.py', Buffer.concat([LATIN1, Buffer.from('VALUE = 2\n')])]]));
    await ws.apply(
      patch('p2', [
        { path: 'run.sh', before: '#!/bin/sh\necho run\n', after: '#!/bin/sh\necho two\n' },
        { path: 'pkg/deep/new.py', before: null, after: 'X = 1\n' },
      ]),
    );
    expect(await snapshot()).not.toEqual(before);
    expect(await ws.rollback(1)).toEqual(['p2']);
    expect(await readFile(join(app, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho run\n');
    expect(ws.checkpoint()).toBe(1);
    expect(await ws.rollback(0)).toEqual(['p1']);
    expect(await readFile(join(app, 'latin1.py'))).toEqual(LATIN1);
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(await ws.acceptedDiff()).toBe('');
    expect(await ws.changedFiles()).toEqual([]);
    await ws.close();
  });

  it('refuses paths that leave the app root, and symlinks that lead out', async () => {
    await symlink(base, join(app, 'escape'));
    const ws = await openJournaledWorkspace(app, journal);
    const before = await snapshot(base);
    const dotdot = {
      id: 'p1',
      diff: '--- a/../outside.py\n+++ b/../outside.py\n@@ -1 +1 @@\n-SECRET = 1\n+SECRET = 2\n',
      files: ['../outside.py'],
    };
    await expect(ws.apply(dotdot)).rejects.toMatchObject({ code: 'SMOKE_LOOP_UNSAFE_PATH' });
    const absolute = { ...dotdot, files: [join(base, 'outside.py')] };
    await expect(ws.apply(absolute)).rejects.toMatchObject({ code: 'SMOKE_LOOP_UNSAFE_PATH' });
    await expect(
      ws.apply(patch('p3', [{ path: 'escape/outside.py', before: 'SECRET = 1\n', after: 'SECRET = 3\n' }])),
    ).rejects.toMatchObject({
      code: 'SMOKE_LOOP_UNSAFE_PATH',
      message: expect.stringMatching(/symlink/),
    });
    await expect(
      ws.apply(patch('p4', [{ path: 'escape/brand-new.py', before: null, after: 'X = 1\n' }])),
    ).rejects.toMatchObject({ code: 'SMOKE_LOOP_UNSAFE_PATH' });
    expect(await snapshot(base)).toEqual(before);
    expect(await readFile(join(base, 'outside.py'), 'utf8')).toBe('SECRET = 1\n');
    expect(ws.checkpoint()).toBe(0);
    await ws.close();
  });

  it('a patch that no longer applies is refused and changes nothing', async () => {
    const ws = await openJournaledWorkspace(app, journal);
    const before = await snapshot();
    await expect(
      ws.apply(patch('p1', [{ path: 'pkg/main.py', before: 'something else\n', after: 'x\n' }])),
    ).rejects.toMatchObject({ code: 'SMOKE_LOOP_PATCH_CONFLICT' });
    expect(await snapshot()).toEqual(before);
    expect(ws.checkpoint()).toBe(0);
    await ws.close();
  });
});

describe('byte-exactness', () => {
  it('refuses a text patch on a file that is not UTF-8 instead of rewriting its other lines', async () => {
    const before = await snapshot();
    const ws = await openJournaledWorkspace(app, journal);
    const latin = LATIN1.toString('utf8');
    await expect(
      ws.apply(patch('p1', [{ path: 'latin1.py', before: latin, after: `${latin}EXTRA = 1\n` }])),
    ).rejects.toMatchObject({ code: 'SMOKE_LOOP_PATCH_CONFLICT' });
    expect(await snapshot()).toEqual(before);
    await ws.close();
  });
});

describe('recoverJournals', () => {
  it('after a crash (no close), the next run restores the files the crashed run changed', async () => {
    const before = await snapshot();
    const crashed = await openJournaledWorkspace(app, journal);
    await crashed.apply(
      patch('p1', [
        { path: 'pkg/main.py', before: 'def handler():\n    return 1\n', after: 'def handler():\n    return 2\n' },
      ]),
    );
    await crashed.apply(patch('p2', [{ path: 'created.py', before: null, after: 'X = 1\n' }]));
    // The process dies here: no rollback, no close.
    expect(await snapshot()).not.toEqual(before);
    expect(await recoverJournals(journal, app)).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
    expect(await readdir(journal)).toEqual([]);
    // Idempotent.
    expect(await recoverJournals(journal, app)).toEqual([]);
  });

  it('opening a workspace recovers what a killed run left, and ignores garbage in the journal folder', async () => {
    const before = await snapshot();
    const crashed = await openJournaledWorkspace(app, journal);
    await crashed.apply(
      patch('p1', [{ path: 'run.sh', before: '#!/bin/sh\necho run\n', after: '#!/bin/sh\necho crashed\n' }]),
    );
    await mkdir(join(journal, 'garbage'), { recursive: true });
    await writeFile(join(journal, 'garbage', 'journal.json'), '{ not json');
    const next = await openJournaledWorkspace(app, journal);
    expect(await snapshot()).toEqual(before);
    expect(next.checkpoint()).toBe(0);
    await next.close();
  });

  it('a run killed between the backup and the write (state applying) is undone too', async () => {
    const before = await snapshot();
    const crashed = await openJournaledWorkspace(app, journal);
    await crashed.apply(
      patch('p1', [{ path: 'pkg/main.py', before: 'def handler():\n    return 1\n', after: 'half written\n' }]),
    );
    const [run] = await readdir(journal);
    const file = join(journal, run!, 'journal.json');
    const data = JSON.parse(await readFile(file, 'utf8')) as { patches: { state: string }[] };
    data.patches[0]!.state = 'applying';
    await writeFile(file, JSON.stringify(data));
    await recoverJournals(journal, app);
    expect(await snapshot()).toEqual(before);
  });

  it(`trusts only journals of its own app root: a planted journal naming another folder is removed \
unread`, async () => {
    const victim = join(base, 'outside.py');
    await mkdir(join(journal, 'planted'), { recursive: true });
    await writeFile(join(base, 'evil.orig'), 'PWNED = 1\n');
    const planted = {
      appRoot: base,
      patches: [
        { id: 'x', state: 'applied', files: [{ path: 'outside.py', existed: true, backup: join(base, 'evil.orig') }] },
      ],
    };
    await writeFile(join(journal, 'planted', 'journal.json'), JSON.stringify(planted));
    expect(await recoverJournals(journal, app)).toEqual(['planted']);
    expect(await readFile(victim, 'utf8')).toBe('SECRET = 1\n');
    expect(await readdir(journal)).toEqual([]);
  });

  it('leaves a file the user changed after the run wrote it: their bytes win over the backup', async () => {
    const crashed = await openJournaledWorkspace(app, journal);
    await crashed.apply(
      patch('p1', [
        { path: 'pkg/main.py', before: 'def handler():\n    return 1\n', after: 'def handler():\n    return 2\n' },
      ]),
    );
    await writeFile(join(app, 'pkg', 'main.py'), "def handler():\n    return 42  # the user's edit\n");
    await recoverJournals(journal, app);
    expect(await readFile(join(app, 'pkg', 'main.py'), 'utf8')).toBe(
      "def handler():\n    return 42  # the user's edit\n",
    );
  });

  it('writes whole files byte for byte (writeFiles), and a crash mid-way is undone', async () => {
    const before = await snapshot();
    const crashed = await openJournaledWorkspace(app, journal);
    const bytes = Buffer.concat([LATIN1, Buffer.from('\r\nMORE = 2\r\n')]);
    await crashed.writeFiles(
      'final',
      new Map([
        ['latin1.py', bytes],
        ['run.sh', null],
      ]),
    );
    expect(await readFile(join(app, 'latin1.py'))).toEqual(bytes);
    await recoverJournals(journal, app);
    expect(await snapshot()).toEqual(before);
  });

  it('no journal folder: nothing to recover', async () => {
    expect(await recoverJournals(join(base, 'missing'), app)).toEqual([]);
  });
});
