import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A pick by reduce kept in a local the code reads only under its own truthiness: the reduce is guarded.
const FILE = 'src/services/ferry.service.ts';
const operation = (lastSailedOn: Record<string, unknown>): ApiOperation => ({
  method: 'get',
  path: '/ferries/{id}/stats',
  endpoint: 'GET /ferries/{id}/stats',
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: { type: 'object', properties: { sailingCount: { type: 'integer' }, lastSailedOn } },
    },
  ],
});
const context = (src: string, line: number, lastSailedOn: Record<string, unknown>) => {
  const { context: base } = templateContext(
    { [FILE]: src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /ferries/{id}/stats',
      log: nodeLog('TypeError: Reduce of empty array with no initial value', [
        'Array.reduce (<anonymous>)',
        `FerryService.stats (/app/${FILE}:${line}:30)`,
      ]),
    },
  );
  return { ...base, operation: operation(lastSailedOn) };
};
const nullable = { type: 'string', format: 'date', nullable: true };

const ternary =
  'export class FerryService {\n  stats(id: number) {\n' +
  '    const sailings = db.sailings.filter((s) => s.ferryId === id);\n' +
  '    const last = sailings.reduce((a, s) => (s.sailedOn > a.sailedOn ? s : a));\n' +
  '    return { sailingCount: sailings.length, lastSailedOn: last ? last.sailedOn : null };\n  }\n}\n';
const logical =
  'function stats(sailings) {\n' +
  '  const last = sailings.reduce((a, s) => (s.sailedOn < a.sailedOn ? a : s));\n' +
  '  if (last && last.cancelled) audit(last.id);\n' +
  '  return { sailingCount: sailings.length, lastSailedOn: last ? last.sailedOn : null };\n}\n';

describe('node.reduce-empty on a pick read only under its own truthiness', () => {
  it('guards the reduce with the list length where the field answers null for no pick (class method)', async () => {
    const found = await allCandidates(nodeReduceEmpty, context(ternary, 4, nullable), [FILE]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#pick']);
    expect(found[0]!.files[FILE]).toBe(
      ternary.replace('= sailings.reduce(', '= sailings.length > 0 ? sailings.reduce(').replace('a));', 'a)) : null;'),
    );
  });

  it('accepts reads behind `&&` and an if on the local', async () => {
    const found = await allCandidates(nodeReduceEmpty, context(logical, 2, nullable), [FILE]);
    expect(found[0]!.files[FILE]).toBe(
      logical
        .replace('= sailings.reduce(', '= sailings.length > 0 ? sailings.reduce(')
        .replace(': s));', ': s)) : null;'),
    );
  });

  it('leaves a pick read unguarded anywhere, or whose field is documented never null', async () => {
    const unguarded = logical.replace('if (last && last.cancelled)', 'if (last.cancelled)');
    expect(unguarded).not.toBe(logical);
    expect(await allCandidates(nodeReduceEmpty, context(unguarded, 2, nullable), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, context(ternary, 4, { type: 'string' }), [])).toEqual([]);
  });
});
