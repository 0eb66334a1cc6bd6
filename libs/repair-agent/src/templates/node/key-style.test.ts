import { describe, expect, it } from 'vitest';
import { nodeKeyStyle } from './key-style.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);
const mappers =
  'function toShowDto(row) {\n  return { id: row.id, title: row.title, createdAt: row.created_at };\n}\n' +
  'module.exports = { toShowDto };\n';

describe('node.key-style', () => {
  it('sorts mapped DTOs by the key their mapper writes (both comparator sides, CommonJS)', async () => {
    const service =
      "const repo = require('../repositories/showRepository');\n" +
      "const { toShowDto } = require('../utils/mappers');\n\nasync function listShows() {\n" +
      '  const rows = await repo.findAll();\n' +
      '  return rows.map(toShowDto).sort((a, b) => b.created_at.localeCompare(a.created_at));\n}\n' +
      'module.exports = { listShows };\n';
    const { context } = templateContext(
      { 'src/services/showsService.js': service, 'src/utils/mappers.js': mappers },
      {
        kind: 'runtime_error',
        endpoint: 'GET /shows',
        log: reading('localeCompare', 'listShows (/app/src/services/showsService.js:6:59)'),
      },
    );
    const found = await allCandidates(nodeKeyStyle, context, ['src/services/showsService.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.key-style@src/services/showsService.js:6']);
    expect(found[0]!.files['src/services/showsService.js']).toBe(
      service.replace('b.created_at.localeCompare(a.created_at)', 'b.createdAt.localeCompare(a.createdAt)'),
    );
  });

  it('looks up by the raw row key the mapper of the same row reads (ESM handler)', async () => {
    const handler =
      "import * as logs from '../services/logs.js';\n" +
      "import * as recipes from '../repositories/recipes.js';\n" +
      "import { toLog } from '../services/mappers.js';\n\nexport const getLog = async (req, res) => {\n" +
      '  const log = await logs.findRaw(req.params.logId);\n' +
      "  if (!log) return res.status(404).json({ error: 'not found' });\n" +
      '  const recipe = await recipes.findById(log.recipeId);\n' +
      '  res.json({ ...toLog(log), recipeTitle: recipe.title });\n};\n';
    const mapper =
      'export function toLog(row) {\n  return { id: row.id, recipeId: row.recipe_id, cookedAt: row.cooked_at };\n}\n';
    const { context } = templateContext(
      { 'src/handlers/logs.js': handler, 'src/services/mappers.js': mapper },
      {
        kind: 'crash',
        endpoint: 'GET /logs/{logId}',
        log: reading('title', 'getLog (/app/src/handlers/logs.js:9:55)'),
      },
    );
    const found = await allCandidates(nodeKeyStyle, context, ['src/handlers/logs.js']);
    expect(found[0]!.files['src/handlers/logs.js']).toBe(
      handler.replace('findById(log.recipeId)', 'findById(log.recipe_id)'),
    );
  });

  it('leaves a key the mapper also has, and an object no maker or reader describes', async () => {
    const both =
      'function toDto(row) {\n  return { id: row.id, createdAt: row.created_at, created_at: row.created_at ' +
      '};\n}\nmodule.exports = { toDto };\n';
    const service =
      "const { toDto } = require('./mappers');\n" +
      'exports.list = (rows) => rows.map(toDto).sort((a, b) => b.created_at.localeCompare(a.created_at));\n';
    const real = templateContext(
      { 'src/service.js': service, 'src/mappers.js': both },
      {
        kind: 'runtime_error',
        endpoint: 'GET /items',
        log: reading('localeCompare', 'exports.list (/app/src/service.js:2:69)'),
      },
    );
    expect(await allCandidates(nodeKeyStyle, real.context, [])).toEqual([]);
    const unknown =
      'exports.list = (rows) => rows.sort((a, b) => b.created_at.localeCompare(a.created_at));\n' +
      'exports.dto = (row) => ({ createdAt: row.createdAt });\n';
    const none = templateContext(
      { 'src/service.js': unknown },
      {
        kind: 'runtime_error',
        endpoint: 'GET /items',
        log: reading('localeCompare', 'exports.list (/app/src/service.js:1:60)'),
      },
    );
    expect(await allCandidates(nodeKeyStyle, none.context, [])).toEqual([]);
  });
});
