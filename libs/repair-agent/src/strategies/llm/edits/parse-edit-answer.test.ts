import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceTree } from '../../../source/source-tree.js';
import { applyEdits } from './apply-edits.js';
import { parseEditAnswer } from './parse-edit-answer.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function beforeTree() {
  const files = filesUnder(join(FIXTURES, 'before'));
  return createSourceTree({
    root: '/srv/shop',
    read: async (p) => files[p] ?? null,
    list: async () => Object.keys(files).sort(),
    escapesRoot: async () => false,
  });
}

/** Parses and applies an answer to the fixture tree: the changed files, or the reason. */
async function run(answer: string): Promise<{ files: Record<string, string> } | { reason: string }> {
  const parsed = parseEditAnswer(answer);
  if (!parsed.ok) return { reason: parsed.reason };
  try {
    const applied = await applyEdits(parsed.edits, beforeTree());
    return { files: Object.fromEntries(applied.files) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

const shapes = readdirSync(join(FIXTURES, 'answers'))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();

describe('answer shapes (fixtures/answers)', () => {
  it('every shape has an expectation', () => {
    expect(shapes.length).toBeGreaterThanOrEqual(25);
    for (const shape of shapes)
      expect(
        existsSync(join(FIXTURES, 'expected', shape)) || existsSync(join(FIXTURES, 'expected', `${shape}.reject`)),
        shape,
      ).toBe(true);
  });

  for (const shape of shapes) {
    const rejected = existsSync(join(FIXTURES, 'expected', `${shape}.reject`));
    it(`${shape}: ${rejected ? 'rejected with its reason' : 'applied exactly'}`, async () => {
      const result = await run(readFileSync(join(FIXTURES, 'answers', `${shape}.txt`), 'utf8'));
      if (rejected) {
        const pattern = new RegExp(readFileSync(join(FIXTURES, 'expected', `${shape}.reject`), 'utf8').trim());
        expect(result).toHaveProperty('reason');
        expect((result as { reason: string }).reason).toMatch(pattern);
      } else {
        expect(result).toEqual({ files: filesUnder(join(FIXTURES, 'expected', shape)) });
      }
    });
  }
});

describe('parseEditAnswer', () => {
  it('keeps answer order across blocks and diffs, with the path of the previous block reused', () => {
    const answer =
      'app/x.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n\n<<<<<<< SEARCH\nc\n=======\nd\n>>>>>>> REPLACE\n';
    const parsed = parseEditAnswer(answer);
    expect(parsed.ok && parsed.edits.map((e) => [e.path, e.kind === 'replace' ? e.search : null])).toEqual([
      ['app/x.py', ['a']],
      ['app/x.py', ['c']],
    ]);
  });

  it('a fenced JSON file under its path is a whole file, not a JSON wrapper', () => {
    const parsed = parseEditAnswer('package.json\n```json\n{ "name": "shop", "type": "module" }\n```\n');
    expect(parsed).toEqual({
      ok: true,
      edits: [
        {
          kind: 'whole',
          source: 'whole-file',
          path: 'package.json',
          content: '{ "name": "shop", "type": "module" }\n',
        },
      ],
    });
  });

  it('a JSON answer that wraps nothing says which keys it had', () => {
    expect(parseEditAnswer('{"thoughts": "rename it"}')).toEqual({
      ok: false,
      reason: 'a JSON edit without a diff, search/replace or content (keys: thoughts)',
    });
  });

  it('refuses deletions and renames by git headers', () => {
    expect(
      parseEditAnswer(
        'diff --git a/x.py b/x.py\ndeleted file mode 100644\n--- a/x.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n',
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/not supported/) });
  });

  it('a new file from /dev/null is a create edit', () => {
    expect(parseEditAnswer('--- /dev/null\n+++ b/app/new.py\n@@ -0,0 +1,2 @@\n+x = 1\n+y = 2\n')).toEqual({
      ok: true,
      edits: [{ kind: 'create', source: 'diff', path: 'app/new.py', content: 'x = 1\ny = 2\n' }],
    });
  });

  it('a hunk without a file header is refused', () => {
    expect(parseEditAnswer('```diff\n@@ -1 +1 @@\n-a\n+b\n```')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/without a ---\/\+\+\+ file header/),
    });
  });

  it('prose bullets after a counted hunk are not hunk lines', () => {
    const parsed = parseEditAnswer('--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\n- renamed b to c\n');
    expect(parsed.ok && parsed.edits[0]).toMatchObject({ search: ['a', 'b'], replace: ['a', 'c'] });
  });
});

describe('applyEdits', () => {
  it('maps a bare file name to the one file ending with it, and refuses a name several files end with', async () => {
    const tree = createSourceTree({
      root: '/r',
      read: async (p) => (p.endsWith('.py') ? 'a = 1\n' : null),
      list: async () => ['app/one/x.py', 'app/two/x.py', 'app/y.py'],
      escapesRoot: async () => false,
    });
    const ok = await applyEdits(
      [{ kind: 'replace', source: 'search-replace', path: 'y.py', search: ['a = 1'], replace: ['a = 2'] }],
      tree,
    );
    expect([...ok.files]).toEqual([['app/y.py', 'a = 2\n']]);
    await expect(
      applyEdits(
        [{ kind: 'replace', source: 'search-replace', path: 'x.py', search: ['a = 1'], replace: ['a = 2'] }],
        tree,
      ),
    ).rejects.toThrow(/x\.py matches 2 files/);
  });

  it('an empty SEARCH creates a file that does not exist, and is refused for one that does', async () => {
    const tree = createSourceTree({
      root: '/r',
      read: async (p) => (p === 'app/y.py' ? 'a = 1\n' : null),
      list: async () => ['app/y.py'],
      escapesRoot: async () => false,
    });
    const created = await applyEdits(
      [{ kind: 'replace', source: 'search-replace', path: 'app/new.py', search: [], replace: ['x = 1'] }],
      tree,
    );
    expect([...created.files]).toEqual([['app/new.py', 'x = 1\n']]);
    await expect(
      applyEdits(
        [{ kind: 'replace', source: 'search-replace', path: 'app/y.py', search: [''], replace: ['x = 1'] }],
        tree,
      ),
    ).rejects.toThrow(/the lines to replace are empty/);
    await expect(
      applyEdits([{ kind: 'replace', source: 'search-replace', path: '../z.py', search: [], replace: ['x'] }], tree),
    ).rejects.toThrow(/outside the app root/);
  });

  it('refuses a whole-file answer that is a fragment', async () => {
    const source = Array.from({ length: 20 }, (_, i) => `v${i} = ${i}`).join('\n') + '\n';
    const tree = createSourceTree({
      root: '/r',
      read: async () => source,
      list: async () => ['m.py'],
      escapesRoot: async () => false,
    });
    await expect(
      applyEdits([{ kind: 'whole', source: 'whole-file', path: 'm.py', content: 'v0 = 1\n' }], tree),
    ).rejects.toThrow(/looks like a fragment/);
  });
});
