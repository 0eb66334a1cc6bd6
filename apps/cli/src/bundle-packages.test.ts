// The CLI ships as one bundle (tsup): each npm package in it must come from one folder. Two
// folders are two copies of its code in the download — as ajv 8 was, once from the workspace
// library's own node_modules and once from ajv-formats' (the root's ajv was eslint's 6.x). The
// bundle's source maps name every file bundled; the build runs before the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Package name → the node_modules folders its bundled files come from. */
function bundledPackageFolders(sources: readonly string[]): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const source of sources) {
    // The innermost node_modules folder: `…/ajv-formats/node_modules/ajv/dist/x.js` is ajv.
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(source);
    if (!match) continue;
    const [, folder, name] = match as unknown as [string, string, string];
    folders.set(name, (folders.get(name) ?? new Set()).add(folder));
  }
  return folders;
}

describe('the CLI bundle', () => {
  it('holds one copy of each npm package (ajv once)', () => {
    const maps = readdirSync(dist).filter((file) => file.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(0);
    const sources = maps.flatMap(
      (file) => (JSON.parse(readFileSync(join(dist, file), 'utf8')) as { sources: string[] }).sources,
    );
    const folders = bundledPackageFolders(sources);
    expect(folders.get('ajv')?.size).toBe(1);
    const twice = [...folders]
      .filter(([, where]) => where.size > 1)
      .map(([name, where]) => `${name}: ${[...where].join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('tells two folders of one package apart, scoped names included', () => {
    const folders = bundledPackageFolders([
      '../../../libs/smoke-validator/node_modules/ajv/dist/core.js',
      '../../../node_modules/ajv-formats/node_modules/ajv/dist/core.js',
      '../../../node_modules/ajv-formats/dist/index.js',
      '../../../node_modules/@jridgewell/trace-mapping/dist/a.mjs',
      '../../../node_modules/@jridgewell/trace-mapping/dist/b.mjs',
      '../../../libs/log-parser/src/index.ts',
    ]);
    expect([...folders.keys()]).toEqual(['ajv', 'ajv-formats', '@jridgewell/trace-mapping']);
    expect(folders.get('ajv')?.size).toBe(2);
    expect(folders.get('@jridgewell/trace-mapping')?.size).toBe(1);
  });
});
