import { createHash } from 'node:crypto';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAcceptedFiles } from './final-write.js';
import { createSandbox } from './sandbox.js';
import { findSandboxEscapes } from './sandbox-escapes.js';

let base: string;
let app: string;
const LATIN1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\r\nVALUE = 1\r\n')]);
const BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('X = 1\n')]);

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  app = join(base, 'shop');
  await mkdir(join(app, 'app'), { recursive: true });
  await mkdir(join(app, '.git'), { recursive: true });
  await mkdir(join(app, '.venv', 'bin'), { recursive: true });
  await mkdir(join(app, 'artifacts'), { recursive: true });
  await mkdir(join(app, 'app', '__pycache__'), { recursive: true });
  await writeFile(join(app, 'app', 'main.py'), 'print(1)\n');
  await writeFile(join(app, 'app', 'latin1.py'), LATIN1);
  await writeFile(join(app, 'app', 'bom.py'), BOM);
  await writeFile(join(app, 'run.sh'), '#!/bin/sh\n');
  await chmod(join(app, 'run.sh'), 0o750);
  await writeFile(join(app, 'shop.db'), 'seeded rows');
  await writeFile(join(app, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(app, '.venv', 'bin', 'python'), 'venv');
  await writeFile(join(app, 'artifacts', 'old.html'), 'report');
  await symlink('app/main.py', join(app, 'entry.py'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('createSandbox', () => {
  it(`copies the tree byte for byte with modes and symlinks, links dependency folders, leaves out .git, caches and \
artifacts`, async () => {
    const sandbox = await createSandbox(app, { exclude: [join(app, 'artifacts')], parentDir: base });
    try {
      expect(sandbox.root.endsWith('/shop')).toBe(true);
      expect(await readFile(join(sandbox.root, 'app', 'latin1.py'))).toEqual(LATIN1);
      expect(await readFile(join(sandbox.root, 'app', 'bom.py'))).toEqual(BOM);
      expect((await stat(join(sandbox.root, 'run.sh'))).mode & 0o777).toBe(0o750);
      expect(await readlink(join(sandbox.root, 'entry.py'))).toBe('app/main.py');
      expect((await lstat(join(sandbox.root, '.venv'))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(sandbox.root, '.venv'))).toBe(join(app, '.venv'));
      const top = await readdir(sandbox.root);
      expect(top).not.toContain('.git');
      expect(top).not.toContain('artifacts');
      expect(await readdir(join(sandbox.root, 'app'))).not.toContain('__pycache__');
      expect(sandbox.files()).toEqual(['app/bom.py', 'app/latin1.py', 'app/main.py', 'run.sh', 'shop.db']);
    } finally {
      await sandbox.remove();
    }
    expect(await readdir(base)).toEqual(['shop']);
  });

  it('resetData restores what the app changed and removes what it created, keeping the patched files', async () => {
    const sandbox = await createSandbox(app, { parentDir: base });
    try {
      await writeFile(join(sandbox.root, 'shop.db'), "seeded rows + the smoke's rows");
      await writeFile(join(sandbox.root, 'shop.db-journal'), 'journal');
      await mkdir(join(sandbox.root, 'uploads', 'x'), { recursive: true });
      await writeFile(join(sandbox.root, 'uploads', 'x', 'a.png'), 'png');
      await writeFile(join(sandbox.root, 'app', 'main.py'), 'print(2)  # patched\n');
      await rm(join(sandbox.root, 'run.sh'));
      expect(await sandbox.resetData(new Set(['app/main.py']))).toEqual({ restored: 2, removed: 2 });
      expect(await readFile(join(sandbox.root, 'shop.db'), 'utf8')).toBe('seeded rows');
      expect(await readdir(sandbox.root)).not.toContain('uploads');
      expect(await readdir(sandbox.root)).not.toContain('shop.db-journal');
      expect(await readFile(join(sandbox.root, 'app', 'main.py'), 'utf8')).toBe('print(2)  # patched\n');
      expect((await stat(join(sandbox.root, 'run.sh'))).mode & 0o777).toBe(0o750);
      // Nothing changed since: nothing to do (the linked venv is never walked).
      expect(await sandbox.resetData(new Set(['app/main.py']))).toEqual({ restored: 0, removed: 0 });
      expect(await readFile(join(app, 'shop.db'), 'utf8')).toBe('seeded rows');
    } finally {
      await sandbox.remove();
    }
  });

  it('removes the sandbox a killed run left behind (its owner is gone), never a live one', async () => {
    const orphan = join(base, 'smoke-repair-sandbox-orphan');
    await mkdir(orphan);
    await writeFile(join(orphan, 'owner.pid'), '2147483646');
    const live = join(base, 'smoke-repair-sandbox-live');
    await mkdir(live);
    await writeFile(join(live, 'owner.pid'), String(process.pid));
    const sandbox = await createSandbox(app, { parentDir: base });
    await sandbox.remove();
    expect((await readdir(base)).sort()).toEqual(['shop', 'smoke-repair-sandbox-live']);
  });
});

describe('writeAcceptedFiles', () => {
  it('writes the accepted files into the user tree, but never over a file the user changed meanwhile', async () => {
    const sandbox = await createSandbox(app, { parentDir: base });
    try {
      const latinFixed = Buffer.concat([LATIN1, Buffer.from('FIXED = 1\r\n')]);
      await writeFile(join(sandbox.root, 'app', 'latin1.py'), latinFixed);
      await writeFile(join(sandbox.root, 'app', 'main.py'), 'print(2)\n');
      await writeFile(join(sandbox.root, 'app', 'new.py'), 'NEW = 1\n');
      await writeFile(join(app, 'app', 'main.py'), 'print("the user was here")\n');
      const journal = join(app, 'artifacts', '.journal');
      const result = await writeAcceptedFiles(sandbox, ['app/latin1.py', 'app/main.py', 'app/new.py'], journal);
      expect(result).toEqual({ written: ['app/latin1.py', 'app/new.py'], conflicts: ['app/main.py'] });
      expect(sha(await readFile(join(app, 'app', 'latin1.py')))).toBe(sha(latinFixed));
      expect(await readFile(join(app, 'app', 'main.py'), 'utf8')).toBe('print("the user was here")\n');
      expect(await readFile(join(app, 'app', 'new.py'), 'utf8')).toBe('NEW = 1\n');
      expect(await readdir(journal)).toEqual([]);
    } finally {
      await sandbox.remove();
    }
  });
});

describe('findSandboxEscapes', () => {
  it('finds an editable install and an npm-linked package that point back at the user tree', async () => {
    expect(await findSandboxEscapes(app)).toEqual([]);
    const site = join(app, '.venv', 'lib', 'python3.11', 'site-packages');
    await mkdir(site, { recursive: true });
    await writeFile(join(site, '__editable__.shop-0.1.pth'), `${app}\n`);
    await writeFile(join(site, 'distutils-precedence.pth'), 'import os\n');
    await mkdir(join(app, 'node_modules', '@acme'), { recursive: true });
    await mkdir(join(app, 'packages', 'core'), { recursive: true });
    await symlink(join(app, 'packages', 'core'), join(app, 'node_modules', '@acme', 'core'));
    const found = await findSandboxEscapes(app);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/__editable__\.shop-0\.1\.pth: an editable install/);
    expect(found[1]).toMatch(/node_modules\/@acme\/core: a linked package/);
  });
});
