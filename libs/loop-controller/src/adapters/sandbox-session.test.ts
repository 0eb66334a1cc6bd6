import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRepairLoopConfig } from '../config/loop-config.js';
import { userJournalDir } from './journal-dir.js';
import { openLoopSite } from './sandbox-session.js';

let base: string;
let app: string;
let journals: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'loop-site-'));
  app = join(base, 'app');
  journals = join(base, 'state', 'journals');
  await mkdir(app);
  await writeFile(join(app, 'main.py'), 'print(1)\n');
  await writeFile(join(base, 'outside.py'), 'SECRET = 1\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function config(sandbox = true) {
  return parseRepairLoopConfig(
    {
      app: { baseUrl: 'http://127.0.0.1:9' },
      smoke: { openapi: '/openapi.json' },
      loop: { sandbox },
      patterns: { store: 'memory:' },
    },
    join(app, 'smoke-repair.config.json'),
  );
}

/** A journal as a killed run would leave it, but crafted: its backups say PWNED. */
async function plant(dir: string, appRoot: string, files: { path: string; backup?: string }[]) {
  await mkdir(dir, { recursive: true });
  const entries = [];
  for (const [i, f] of files.entries()) {
    const backup = f.backup ?? join(dir, `1-${i}.orig`);
    if (!f.backup) await writeFile(backup, 'PWNED = 1\n');
    entries.push({ path: f.path, existed: true, backup });
  }
  await writeFile(
    join(dir, 'journal.json'),
    JSON.stringify({ appRoot, patches: [{ id: 'x', state: 'applied', files: entries }] }),
  );
}

describe('openLoopSite and crash journals', () => {
  it.each([true, false])(
    'never reads a journal shipped in the repository (artifacts/.journal), sandbox %s',
    async (sandbox) => {
      const shipped = join(app, 'artifacts', '.journal', 'evil');
      await plant(shipped, app, [{ path: 'main.py' }]);
      await plant(join(app, 'artifacts', '.journal', 'evil2'), '/', [{ path: join(base, 'outside.py').slice(1) }]);
      const site = await openLoopSite(config(sandbox), { journalRoot: journals });
      await site.close();
      expect(await readFile(join(app, 'main.py'), 'utf8')).toBe('print(1)\n');
      expect(await readFile(join(base, 'outside.py'), 'utf8')).toBe('SECRET = 1\n');
      expect(await readdir(shipped)).toContain('journal.json');
      // The app's own journal directory is gone with the run.
      expect(await readdir(journals).catch(() => [])).toEqual([]);
    },
  );

  it(`recovers only inside the root, only from backups in the journal's own folder, and says what it \
refused`, async () => {
    const own = await userJournalDir(app, journals);
    await symlink(base, join(app, 'link-out'));
    await writeFile(join(base, 'elsewhere.orig'), 'PWNED = 1\n');
    await plant(join(own, 'crafted'), app, [
      { path: '../outside.py' },
      { path: 'link-out/outside.py' },
      { path: 'main.py', backup: join(base, 'elsewhere.orig') },
    ]);
    const warnings: string[] = [];
    const site = await openLoopSite(config(), { journalRoot: journals, warn: (line) => warnings.push(line) });
    await site.close();
    expect(await readFile(join(base, 'outside.py'), 'utf8')).toBe('SECRET = 1\n');
    expect(await readFile(join(app, 'main.py'), 'utf8')).toBe('print(1)\n');
    expect(warnings).toEqual([
      expect.stringMatching(/refused to restore main\.py: its backup .* is not in the journal's own folder/),
      expect.stringMatching(/refused to restore link-out\/outside\.py: outside the app root/),
      expect.stringMatching(/refused to restore \.\.\/outside\.py: outside the app root/),
    ]);
  });

  it('keeps journals in a private directory keyed by the real path of the app root', async () => {
    await symlink(app, join(base, 'alias'));
    const dir = await userJournalDir(app, journals);
    expect(await userJournalDir(join(base, 'alias'), journals)).toBe(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(dir.startsWith(journals)).toBe(true);
  });
});
