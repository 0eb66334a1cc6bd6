import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A sum of plain values (`(a, h) => a + h`: no item member says it is a number) kept in a local
// that the response literal rounds: the documented field it fills is the evidence.
const withSchema = (endpoint: string, properties: Record<string, unknown>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  const schema = { type: 'array', items: { type: 'object', properties } };
  return {
    method,
    path,
    endpoint,
    parameters: [],
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  };
};
const shifts = (hours: string, paid: string) =>
  "const { round1 } = require('../utils/numbers');\n\nasync function perCrew(crews, shifts) {\n" +
  '  return crews.map((crew) => {\n    const mine = shifts.filter((s) => s.crewId === crew.id);\n' +
  '    const hours = mine.map((s) => s.hours).reduce((a, h) => a + h);\n' +
  '    const paid = mine.map((s) => s.pay).reduce((a, p) => a + p);\n' +
  `    return { crewId: crew.id, hours: ${hours}, paid: ${paid} };\n  });\n}\n\nmodule.exports = { perCrew };\n`;
const context = (src: string, properties: Record<string, unknown>) => {
  const { context: base } = templateContext(
    { 'src/services/crewService.js': src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /crews/hours',
      log: nodeLog('TypeError: Reduce of empty array with no initial value', [
        'Array.reduce (<anonymous>)',
        '/app/src/services/crewService.js:6:50',
      ]),
    },
  );
  return { ...base, operation: withSchema('GET /crews/hours', properties) };
};
const numbers = { crewId: { type: 'integer' }, hours: { type: 'number' }, paid: { type: 'number' } };
const started = (src: string) =>
  src.replace('(a, h) => a + h)', '(a, h) => a + h, 0)').replace('(a, p) => a + p)', '(a, p) => a + p, 0)');

describe('node.reduce-empty on a sum the response literal rounds', () => {
  it('starts both sums over the same list at 0 where their rounded locals fill documented numbers', async () => {
    const src = shifts('round1(hours)', 'Math.round(paid * 100) / 100');
    const found = await allCandidates(nodeReduceEmpty, context(src, numbers), ['src/services/crewService.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files['src/services/crewService.js']).toBe(started(src));
  });

  it('follows a rounding by a number method (Number(x.toFixed(2)))', async () => {
    const src = shifts('Number(hours.toFixed(1))', 'Number(paid.toFixed(2))');
    const found = await allCandidates(nodeReduceEmpty, context(src, numbers), ['src/services/crewService.js']);
    expect(found[0]!.files['src/services/crewService.js']).toBe(started(src));
  });

  it('leaves a local that is not the first argument, and a rounding into a documented string', async () => {
    const clamped = shifts('Math.max(1, hours)', 'Math.max(1, paid)');
    expect(await allCandidates(nodeReduceEmpty, context(clamped, numbers), [])).toEqual([]);
    const text = { ...numbers, hours: { type: 'string' }, paid: { type: 'string' } };
    const src = shifts('hours.toFixed(1)', 'paid.toFixed(2)');
    expect(await allCandidates(nodeReduceEmpty, context(src, text), [])).toEqual([]);
  });
});
