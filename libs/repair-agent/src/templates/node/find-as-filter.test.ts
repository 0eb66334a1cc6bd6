import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeFindAsFilter } from './find-as-filter.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's messages for a list method on Array#find's one item, and on its undefined (captured).
const operation = (schema: Record<string, unknown>): ApiOperation => ({
  method: 'GET',
  path: '/crews/{id}/shifts',
  endpoint: 'GET /crews/{id}/shifts',
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
});
const list = { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } };
const run = async (src: string, message: string, schema: Record<string, unknown> = list, file = FILE) => {
  const { context } = templateContext(
    { [file]: src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /crews/{id}/shifts',
      log: nodeLog(`TypeError: ${message}`, [`Object.byCrew (/app/${file}:4:50)`]),
    },
  );
  return allCandidates(nodeFindAsFilter, { ...context, operation: operation(schema) }, [file]);
};
const FILE = 'src/repositories/shifts.repository.js';
const repo = (chain: string) =>
  "const { db } = require('../db');\n\nasync function byCrew(crewId) {\n" +
  `  return ${chain};\n}\n\nmodule.exports = { byCrew };\n`;

describe('node.find-as-filter', () => {
  it('filters instead of find where the chain sorts the result (… .sort is not a function)', async () => {
    const src = repo('db.shifts.find((s) => s.crewId === crewId).sort((a, b) => a.id - b.id)');
    const found = await run(src, 'db.shifts.find(...).sort is not a function');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.find-as-filter']);
    expect(found[0]!.files[FILE]).toBe(src.replace('.find(', '.filter('));
  });

  it('filters where nothing matched and map read undefined, the body itself a list (TS)', async () => {
    const file = 'src/repositories/shifts.repository.ts';
    const src =
      "import { db } from '../db.js';\n\nexport async function byCrew(crewId: number) {\n" +
      '  return db.shifts.find(function (s) {\n    return s.crewId === crewId;\n  }).map((s) => s.id);\n}\n';
    const found = await run(src, "Cannot read properties of undefined (reading 'map')", list, file);
    expect(found[0]!.files[file]).toBe(src.replace('.find(', '.filter('));
    // Nothing matched, and the list is only a field of the body: a missing record, maybe (a 404), not a list.
    const page = { type: 'object', properties: { crewId: { type: 'integer' }, rows: list } };
    expect(await run(src, "Cannot read properties of undefined (reading 'map')", page, file)).toEqual([]);
  });

  it('gives no candidate for a query builder find, nor where the response documents no array', async () => {
    const query = repo('Shift.find({ crewId }).sort({ id: 1 })');
    expect(await run(query, 'Shift.find(...).sort is not a function')).toEqual([]);
    const src = repo('db.shifts.find((s) => s.crewId === crewId).sort((a, b) => a.id - b.id)');
    const one = { type: 'object', properties: { id: { type: 'integer' } } };
    expect(await run(src, 'db.shifts.find(...).sort is not a function', one)).toEqual([]);
  });
});
