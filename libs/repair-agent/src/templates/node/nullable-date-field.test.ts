import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeNullableDateField } from './nullable-date-field.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

async function run(file: string, source: string, message: string, frame: string, schema: unknown) {
  const { context } = templateContext(
    { [file]: source },
    { kind: 'runtime_error', endpoint: 'GET /things/{id}', log: nodeLog(`TypeError: ${message}`, [frame]) },
  );
  const operation = {
    ...context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  } as ApiOperation;
  return (await allCandidates(nodeNullableDateField, { ...context, operation }, [file])).map((f) => f.files[file]);
}

const detail = (completedOn: unknown) => ({
  allOf: [
    { type: 'object', properties: { id: { type: 'integer' } } },
    { type: 'object', required: ['completedOn'], properties: { completedOn } },
  ],
});

describe('node.nullable-date-field', () => {
  const file = 'src/services/casks.js';
  const source =
    'function toDetail(cask) {\n  return {\n    ...cask,\n' +
    '    completedOn: cask.completedAt.toISOString().slice(0, 10),\n  };\n}\nmodule.exports = { toDetail };\n';
  const frame = 'toDetail (/app/src/services/casks.js:4:35)';
  const nullRead = "Cannot read properties of null (reading 'toISOString')";

  it('answers null for a documented nullable date whose stored date is null (CommonJS, allOf)', async () => {
    const found = await run(file, source, nullRead, frame, detail({ type: 'string', format: 'date', nullable: true }));
    expect(found).toEqual([
      source.replace(
        'completedOn: cask.completedAt.toISOString().slice(0, 10)',
        'completedOn: cask.completedAt ? cask.completedAt.toISOString().slice(0, 10) : null',
      ),
    ]);
  });

  it('guards a date-time typed [string, null] in a TypeScript mapper', async () => {
    const ts = 'src/orders.ts';
    const mapper =
      'export const toOrder = (o: Order) => ({\n  id: o.id,\n  shippedAt: o.shippedAt.toISOString(),\n});\n';
    const schema = {
      type: 'object',
      properties: { id: { type: 'integer' }, shippedAt: { type: ['string', 'null'], format: 'date-time' } },
    };
    const found = await run(ts, mapper, nullRead, 'toOrder (/app/src/orders.ts:3:28)', schema);
    expect(found).toEqual([
      mapper.replace('o.shippedAt.toISOString()', 'o.shippedAt ? o.shippedAt.toISOString() : null'),
    ]);
  });

  it('leaves a date the contract never lets be null, and an undefined receiver', async () => {
    const required = detail({ type: 'string', format: 'date' });
    expect(await run(file, source, nullRead, frame, required)).toEqual([]);
    const nullable = detail({ type: 'string', format: 'date', nullable: true });
    const undefinedRead = "Cannot read properties of undefined (reading 'toISOString')";
    expect(await run(file, source, undefinedRead, frame, nullable)).toEqual([]);
  });
});
