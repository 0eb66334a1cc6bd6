import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodeMissingImport } from './missing-import.js';

async function importFor(files: Record<string, string>, file: string, line: number, name: string) {
  const tree = memoryTree(files);
  const outcome = await nodeMissingImport.apply({
    cause: {} as RootCause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: { file, line },
    exception: { type: 'ReferenceError', message: `${name} is not defined` },
  });
  return { outcome, tree };
}

describe('node.missing-import of a Node built-in', () => {
  it('requires the one built-in module exporting the name, in a CommonJS service', async () => {
    const service =
      "const store = require('../store');\n\nasync function addComment(input) {\n" +
      "  return store.insert('comments', { id: randomUUID(), body: input.body });\n}\n" +
      'module.exports = { addComment };\n';
    const { outcome, tree } = await importFor(
      { 'src/services/comments.js': service, 'src/store.js': 'exports.insert = async (t, r) => r;\n' },
      'src/services/comments.js',
      4,
      'randomUUID',
    );
    expect(outcome?.summary).toBe('import randomUUID from crypto in src/services/comments.js');
    expect(await tree.read('src/services/comments.js')).toBe(
      service.replace("require('../store');\n", "require('../store');\nconst { randomUUID } = require('crypto');\n"),
    );
  });

  it('imports from node:<module> in an ES module that names built-ins that way', async () => {
    const handler =
      "import { readFile } from 'node:fs/promises';\n\nexport async function etag(body) {\n" +
      "  return createHash('sha1').update(body).digest('hex');\n}\n";
    const { tree } = await importFor({ 'src/etag.mjs': handler }, 'src/etag.mjs', 4, 'createHash');
    expect(await tree.read('src/etag.mjs')).toBe(
      handler.replace("'node:fs/promises';\n", "'node:fs/promises';\nimport { createHash } from 'node:crypto';\n"),
    );
  });

  it('leaves a name several built-in modules export (format: path, url, util)', async () => {
    const file = 'exports.label = (p) => format(p);\n';
    const { outcome, tree } = await importFor({ 'src/label.js': file }, 'src/label.js', 1, 'format');
    expect(outcome).toBeNull();
    expect(await tree.read('src/label.js')).toBe(file);
  });
});

describe('node.missing-import in TypeScript', () => {
  it('imports a project export by the name it compiles to (`./slug.js`), keeping the file typed', async () => {
    const route =
      "import { Router } from 'express';\nimport { db } from '../db.js';\n\n" +
      "export const router = Router();\nrouter.post('/', async (req, res) => {\n" +
      '  const slug: string = slugify(req.body.title as string);\n' +
      '  res.status(201).json(await db.insert({ slug }));\n});\n';
    const { outcome, tree } = await importFor(
      {
        'src/routes/posts.ts': route,
        'src/db.ts': 'export const db = { insert: async (r: object) => r };\n',
        'src/lib/slug.ts': 'export function slugify(t: string): string { return t; }\n',
      },
      'src/routes/posts.ts',
      6,
      'slugify',
    );
    expect(outcome?.summary).toBe('import slugify from ../lib/slug.js in src/routes/posts.ts');
    expect(await tree.read('src/routes/posts.ts')).toBe(
      route.replace("'../db.js';\n", "'../db.js';\nimport { slugify } from '../lib/slug.js';\n"),
    );
  });
});
