import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeNumericCompare } from './numeric-compare.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const item = (type: unknown) => ({
  type: 'object',
  required: ['id', 'rank'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, rank: type },
});

async function run(files: Record<string, string>, message: string, frame: string, schema: unknown, file: string) {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /things',
    log: nodeLog(`TypeError: ${message}`, [frame]),
  });
  const operation = {
    ...context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  } as ApiOperation;
  return (await allCandidates(nodeNumericCompare, { ...context, operation }, [file])).map((f) => f.files[file]);
}

describe('node.numeric-compare', () => {
  it('sorts a documented integer by subtraction, in the same direction (list response, arrow body)', async () => {
    const file = 'src/services/things.js';
    const source =
      'async function list(rows) {\n  return rows.sort((a, b) => a.rank.localeCompare(b.rank));\n}\n' +
      'module.exports = { list };\n';
    const found = await run(
      { [file]: source },
      'a.rank.localeCompare is not a function',
      'list (/app/src/services/things.js:2:38)',
      { type: 'array', items: item({ type: 'integer' }) },
      file,
    );
    expect(found).toEqual([source.replace('a.rank.localeCompare(b.rank)', 'a.rank - b.rank')]);
  });

  it(`keeps a descending comparator descending and parenthesises it inside a larger expression (TypeScript, wrapped \
page)`, async () => {
    const file = 'src/things.ts';
    const source =
      'export function page(items: { rank: number; name: string }[]) {\n' +
      '  const sorted = [...items].sort((x, y) => {\n    return -1 * y.rank.localeCompare(x.rank);\n  });\n' +
      '  return { items: sorted };\n}\n';
    const schema = { type: 'object', properties: { items: { type: 'array', items: item({ type: 'number' }) } } };
    const found = await run(
      { [file]: source },
      'y.rank.localeCompare is not a function',
      'page (/app/src/things.ts:3:24)',
      schema,
      file,
    );
    expect(found).toEqual([source.replace('y.rank.localeCompare(x.rank)', '(y.rank - x.rank)')]);
  });

  it(`leaves a field the contract documents as a string or a nullable number, and two different fields, \
alone`, async () => {
    const file = 'src/services/things.js';
    const source =
      'async function list(rows) {\n  return rows.sort((a, b) => a.rank.localeCompare(b.rank));\n}\n' +
      'module.exports = { list };\n';
    const frame = 'list (/app/src/services/things.js:2:38)';
    for (const type of [
      { type: 'string', format: 'date-time' },
      { type: ['integer', 'null'] },
      { type: 'integer', nullable: true },
    ]) {
      expect(
        await run(
          { [file]: source },
          'a.rank.localeCompare is not a function',
          frame,
          { type: 'array', items: item(type) },
          file,
        ),
      ).toEqual([]);
    }
    const mixed = source.replace('b.rank)', 'b.id)');
    expect(
      await run(
        { [file]: mixed },
        'a.rank.localeCompare is not a function',
        frame,
        { type: 'array', items: item({ type: 'integer' }) },
        file,
      ),
    ).toEqual([]);
  });
});
