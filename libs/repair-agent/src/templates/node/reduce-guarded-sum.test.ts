import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A sum of plain values over a list mapped from a numeric member, kept in a local that every use
// reads only where the list has items: the mean beside it already answers "no items" itself.
const operation = (properties: Record<string, unknown>): ApiOperation => ({
  method: 'GET',
  path: '/runners/{id}/summary',
  endpoint: 'GET /runners/{id}/summary',
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'], schema: { type: 'object', properties } }],
});
const documented = { laps: { type: 'integer' }, averageSeconds: { type: ['integer', 'null'] } };
const context = (file: string, src: string, line: number) => {
  const { context: base } = templateContext(
    { [file]: src },
    {
      kind: 'runtime_error',
      endpoint: 'GET /runners/{id}/summary',
      log: nodeLog('TypeError: Reduce of empty array with no initial value', [
        'Array.reduce (<anonymous>)',
        `runnerSummary (/app/${file}:${line}:30)`,
      ]),
    },
  );
  return { ...base, operation: operation(documented) };
};

const typed = (seconds: string, average: string) =>
  `export interface Lap {\n  id: number;\n  finished: boolean;\n  seconds: ${seconds};\n}\n\n` +
  'export async function runnerSummary(laps: Lap[]) {\n' +
  '  const done = laps.filter((l) => l.finished);\n' +
  '  const secs = done.map((l) => l.seconds);\n' +
  '  const totalSecs = secs.reduce((acc, s) => acc + s);\n' +
  `  return { laps: laps.length, averageSeconds: ${average} };\n}\n`;
const TS = 'src/services/laps.service.ts';
const guarded = 'secs.length === 0 ? null : Math.round(totalSecs / secs.length)';

describe('node.reduce-empty on a sum read only where its list has items', () => {
  it('starts a sum of a TypeScript number member at 0 when the mean reads it under a length guard', async () => {
    const src = typed('number', guarded);
    const found = await allCandidates(nodeReduceEmpty, context(TS, src, 10), [TS]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty']);
    expect(found[0]!.files[TS]).toBe(src.replace('acc + s);', 'acc + s, 0);'));
  });

  it('follows a map inline and an if on a non-empty test, the member compared with a number', async () => {
    const file = 'src/services/lapService.js';
    const src =
      'async function runnerSummary(laps) {\n' +
      '  const totalSecs = laps.map((l) => l.seconds).reduce((acc, s) => acc + s);\n' +
      '  const slow = laps.filter((l) => l.seconds > 90).length;\n' +
      '  let averageSeconds = null;\n' +
      '  if (laps.length > 0) averageSeconds = Math.round(totalSecs / laps.length);\n' +
      '  return { laps: laps.length, slow, averageSeconds };\n}\n\nmodule.exports = { runnerSummary };\n';
    const found = await allCandidates(nodeReduceEmpty, context(file, src, 2), [file]);
    expect(found[0]!.files[file]).toBe(src.replace('acc + s);', 'acc + s, 0);'));
  });

  it('gives no candidate for a guard on another list (the filtered one may be empty), nor for strings', async () => {
    const unguarded = typed('number', 'laps.length === 0 ? null : Math.round(totalSecs / secs.length)');
    expect(await allCandidates(nodeReduceEmpty, context(TS, unguarded, 10), [])).toEqual([]);
    const text = typed('string', guarded);
    expect(await allCandidates(nodeReduceEmpty, context(TS, text, 10), [])).toEqual([]);
  });
});
