import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A guarded sum (its local read only where the list has items) of a member the failing answer does
// not document, while another operation of the contract documents that member's type.
const FILE = 'src/services/kilnService.js';
const stats: ApiOperation = {
  method: 'get',
  path: '/kilns/{id}/stats',
  endpoint: 'GET /kilns/{id}/stats',
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: { type: 'object', properties: { firingCount: { type: 'integer' }, averageHours: { type: 'number' } } },
    },
  ],
};
const firing = (hours: Record<string, unknown>): ApiOperation => ({
  method: 'get',
  path: '/firings/{id}',
  endpoint: 'GET /firings/{id}',
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'], schema: { type: 'object', properties: { hours } } }],
});
const context = (src: string, line: number, hours: Record<string, unknown> | null) => {
  const { context: base } = templateContext(
    { [FILE]: src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /kilns/{id}/stats',
      log: nodeLog('TypeError: Reduce of empty array with no initial value', [
        'Array.reduce (<anonymous>)',
        `Object.kilnStats (/app/${FILE}:${line}:40)`,
      ]),
    },
  );
  const operations = hours ? [stats, firing(hours)] : [stats];
  return { ...base, operation: stats, contract: { openapi: '3.0.3', title: 't', operations } };
};

const ternary =
  'function kilnStats(firings) {\n' +
  "  const done = firings.filter((f) => f.state === 'done');\n" +
  '  const totalHours = done.map((f) => f.hours).reduce((a, b) => a + b);\n' +
  '  const averageHours = done.length ? totalHours / done.length : 0;\n' +
  '  return { firingCount: done.length, averageHours };\n}\n\nmodule.exports = { kilnStats };\n';
const mapped =
  'export function kilnStats(firings) {\n' +
  '  const hours = firings.map((f) => f.hours);\n' +
  '  const total = hours.reduce((sum, h) => sum + h);\n' +
  '  let averageHours = 0;\n' +
  '  if (hours.length > 0) averageHours = total / hours.length;\n' +
  '  return { firingCount: firings.length, averageHours };\n}\n';

describe('node.reduce-empty on a guarded sum of a member another operation documents', () => {
  it('starts the sum at 0 when the contract documents the member as an integer (truthy length test)', async () => {
    const found = await allCandidates(nodeReduceEmpty, context(ternary, 3, { type: 'integer' }), [FILE]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files[FILE]).toBe(ternary.replace('a + b);', 'a + b, 0);'));
  });

  it('does the same for a mapped local guarded by an if (number type)', async () => {
    const found = await allCandidates(nodeReduceEmpty, context(mapped, 3, { type: 'number' }), [FILE]);
    expect(found[0]!.files[FILE]).toBe(mapped.replace('sum + h);', 'sum + h, 0);'));
  });

  it('gives no candidate when the contract types the member as text, or documents it nowhere', async () => {
    expect(await allCandidates(nodeReduceEmpty, context(ternary, 3, { type: 'string' }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, context(ternary, 3, null), [])).toEqual([]);
  });
});
