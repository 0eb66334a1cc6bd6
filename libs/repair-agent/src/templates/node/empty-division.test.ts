import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeEmptyDivision } from './empty-division.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const withSchema = (endpoint: string, status: string, schema: Record<string, unknown>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method: method.toLowerCase(),
    path,
    endpoint,
    parameters: [],
    responses: [{ status, mediaTypes: ['application/json'], schema }],
  };
};
const rating = {
  type: 'object',
  required: ['id', 'averageRating'],
  properties: { id: { type: 'integer' }, averageRating: { type: 'number', minimum: 0, maximum: 5 } },
};

describe('node.empty-division', () => {
  it('answers 0 for a mean over no rows, the variable a response shorthand sends (ESM service)', async () => {
    const service =
      "import * as logs from '../repositories/logs.js';\n\nexport async function detail(recipe) {\n" +
      '  const rows = await logs.listByRecipe(recipe.id);\n' +
      '  const averageRating = Math.round((rows.reduce((sum, l) => sum + l.rating, 0) / rows.length) * 10) ' +
      '/ 10;\n  return { ...recipe, averageRating };\n}\n';
    const { context } = templateContext(
      { 'src/services/recipes.js': service },
      {
        kind: 'schema_mismatch',
        endpoint: 'POST /recipes',
        actual: 201,
        message: 'body does not match the HTTP 201 schema: /averageRating must be number',
      },
    );
    const found = await allCandidates(
      nodeEmptyDivision,
      { ...context, operation: withSchema('POST /recipes', '201', rating) },
      ['src/services/recipes.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.empty-division@src/services/recipes.js:5']);
    expect(found[0]!.files['src/services/recipes.js']).toBe(
      service.replace(
        '= Math.round((rows.reduce((sum, l) => sum + l.rating, 0) / rows.length) * 10) / 10;',
        '= rows.length ? Math.round((rows.reduce((sum, l) => sum + l.rating, 0) / rows.length) * 10) / 10 : 0;',
      ),
    );
  });

  it('guards a property of a list item (CommonJS, this.items)', async () => {
    const source =
      'class Board {\n  constructor(items) {\n    this.items = items;\n  }\n\n  summary() {\n' +
      '    return [{ id: 1, averageRating: this.items.reduce((a, i) => a + i.stars, 0) / this.items.length ' +
      '}];\n  }\n}\nmodule.exports = { Board };\n';
    const list = { type: 'array', items: rating };
    const { context } = templateContext(
      { 'src/board.js': source },
      {
        kind: 'schema_mismatch',
        endpoint: 'GET /board',
        actual: 200,
        message: 'body does not match the HTTP 200 schema: /0/averageRating must be number',
      },
    );
    const found = await allCandidates(
      nodeEmptyDivision,
      { ...context, operation: withSchema('GET /board', '200', list) },
      ['src/board.js'],
    );
    expect(found[0]!.files['src/board.js']).toBe(
      source
        .replace('averageRating: this.items.reduce', 'averageRating: this.items.length ? this.items.reduce')
        .replace('/ this.items.length }', '/ this.items.length : 0 }'),
    );
  });

  it('leaves a division by a constant, and a field whose schema does not admit 0', async () => {
    const constant = 'exports.detail = (r) => ({ id: r.id, averageRating: r.total / 2 });\n';
    const a = templateContext(
      { 'src/d.js': constant },
      {
        kind: 'schema_mismatch',
        endpoint: 'GET /d',
        actual: 200,
        message: 'body does not match the HTTP 200 schema: /averageRating must be number',
      },
    );
    expect(
      await allCandidates(nodeEmptyDivision, { ...a.context, operation: withSchema('GET /d', '200', rating) }, []),
    ).toEqual([]);
    const mean = 'exports.detail = (r) => ({ id: r.id, averageRating: r.sum / r.items.length });\n';
    const positive = { ...rating, properties: { ...rating.properties, averageRating: { type: 'number', minimum: 1 } } };
    const b = templateContext(
      { 'src/d.js': mean },
      {
        kind: 'schema_mismatch',
        endpoint: 'GET /d',
        actual: 200,
        message: 'body does not match the HTTP 200 schema: /averageRating must be number',
      },
    );
    expect(
      await allCandidates(nodeEmptyDivision, { ...b.context, operation: withSchema('GET /d', '200', positive) }, []),
    ).toEqual([]);
  });

  it('guards the siblings that divide by the same empty collection, which the validator did not report', async () => {
    const source =
      'async function docks(rows) {\n  return rows.map((d) => ({\n    id: d.id,\n' +
      '    avgLength: d.slips.reduce((a, s) => a + s.len, 0) / d.slips.length,\n' +
      '    avgRate: Math.round(d.slips.reduce((a, s) => a + s.rate, 0) / d.slips.length),\n' +
      '    share: d.slips.length / rows.length,\n  }));\n}\nmodule.exports = { docks };\n';
    const dock = {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          avgLength: { type: 'number' },
          avgRate: { type: 'integer' },
          share: { type: 'number' },
        },
      },
    };
    const { context } = templateContext(
      { 'src/report.js': source },
      {
        kind: 'schema_mismatch',
        endpoint: 'GET /docks',
        actual: 200,
        message: 'body does not match the HTTP 200 schema: /2/avgLength must be number',
      },
    );
    const found = await allCandidates(
      nodeEmptyDivision,
      { ...context, operation: withSchema('GET /docks', '200', dock) },
      ['src/report.js'],
    );
    expect(found[0]!.files['src/report.js']).toBe(
      source
        .replace('avgLength: d.slips', 'avgLength: d.slips.length ? d.slips')
        .replace('/ d.slips.length,\n    avgRate', '/ d.slips.length : 0,\n    avgRate')
        .replace('avgRate: Math.round(', 'avgRate: d.slips.length ? Math.round(')
        .replace('s.rate, 0) / d.slips.length),', 's.rate, 0) / d.slips.length) : 0,'),
    );
  });
});
