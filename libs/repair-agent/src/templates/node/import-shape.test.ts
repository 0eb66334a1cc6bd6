import { describe, expect, it } from 'vitest';
import { nodeImportShape } from './import-shape.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const run = (files: Record<string, string>, file: string, line: number, name: string) =>
  allCandidates(
    nodeImportShape,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /recipes',
      log: nodeLog(`TypeError: ${name} is not a function`, [`RecipeController.list (/app/${file}:${line}:14)`]),
    }).context,
    [file],
  );

const controller = (head: string) =>
  `${head}\nconst service = require('../services/recipes');\n\n` +
  'async function list(req, res) {\n  const rows = await service.all();\n  res.json(pageOf(rows, req.query));\n}\n\n' +
  'module.exports = { list };\n';
const service = 'async function all() {\n  return [];\n}\nmodule.exports = { all };\n';
const paging = (tail: string) =>
  'function limitOf(q) {\n  return Number(q.limit) || 10;\n}\n\nfunction pageOf(rows, q) {\n' +
  `  return { items: rows.slice(0, limitOf(q)), total: rows.length };\n}\n\n${tail}`;

describe('node.import-shape', () => {
  it('binds the module itself when it exports the function (module.exports = fn, with members)', async () => {
    const files = {
      'src/controllers/recipes.js': controller("const { pageOf } = require('../lib/paging');"),
      'src/services/recipes.js': service,
      'src/lib/paging.js': paging('module.exports = pageOf;\nmodule.exports.limitOf = limitOf;\n'),
    };
    const found = await run(files, 'src/controllers/recipes.js', 6, 'pageOf');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.import-shape@src/controllers/recipes.js:1']);
    expect(found[0]!.files['src/controllers/recipes.js']).toBe(controller("const pageOf = require('../lib/paging');"));
  });

  it('keeps the other destructured names when the export is an anonymous function and nothing else', async () => {
    const files = {
      'src/controllers/recipes.js': controller("const { pageOf, other } = require('../lib/paging');"),
      'src/services/recipes.js': service,
      'src/lib/paging.js': 'module.exports = function (rows, q) {\n  return { items: rows, total: rows.length };\n};\n',
    };
    const found = await run(files, 'src/controllers/recipes.js', 6, 'pageOf');
    expect(found[0]!.files['src/controllers/recipes.js']).toBe(
      controller("const { other } = require('../lib/paging');\nconst pageOf = require('../lib/paging');"),
    );
  });

  it('destructures a whole-module binding called as the function the module exports as a member', async () => {
    const files = {
      'src/controllers/recipes.js': controller("const pageOf = require('../lib/paging');"),
      'src/services/recipes.js': service,
      'src/lib/paging.js': paging('module.exports = { pageOf, limitOf };\n'),
    };
    const found = await run(files, 'src/controllers/recipes.js', 6, 'pageOf');
    expect(found[0]!.files['src/controllers/recipes.js']).toBe(
      controller("const { pageOf } = require('../lib/paging');"),
    );
  });

  it('leaves a module exporting the name, another function beside members, and a namespace', async () => {
    const exported = await run(
      {
        'src/controllers/recipes.js': controller("const { pageOf } = require('../lib/paging');"),
        'src/services/recipes.js': service,
        'src/lib/paging.js': paging('module.exports = { pageOf: undefined, limitOf };\n'),
      },
      'src/controllers/recipes.js',
      6,
      'pageOf',
    );
    expect(exported).toEqual([]);
    const renamed = await run(
      {
        'src/controllers/recipes.js': controller("const { pageOf } = require('../lib/paging');"),
        'src/services/recipes.js': service,
        'src/lib/paging.js': paging('module.exports = limitOf;\nmodule.exports.pageOf2 = pageOf;\n'),
      },
      'src/controllers/recipes.js',
      6,
      'pageOf',
    );
    expect(renamed).toEqual([]);
    const namespace = await run(
      {
        'src/controllers/recipes.js': controller("const pageOf = require('../lib/paging');\npageOf.limitOf({});"),
        'src/services/recipes.js': service,
        'src/lib/paging.js': paging('module.exports = { pageOf, limitOf };\n'),
      },
      'src/controllers/recipes.js',
      7,
      'pageOf',
    );
    expect(namespace).toEqual([]);
  });
});
