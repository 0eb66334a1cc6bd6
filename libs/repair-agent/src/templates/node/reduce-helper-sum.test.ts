import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A sum helper in a utility module, called by a service whose literal fills the response.
const math = (initial = '') =>
  `'use strict';\n\nfunction sum(values) {\n  return values.reduce((total, value) => total + value${initial});\n}\n\n` +
  'module.exports = { sum };\n';
const service =
  "const { sum } = require('../utils/math');\n\nfunction summarise(logs) {\n" +
  '  const metres = sum(logs.map((l) => l.metres));\n' +
  '  return { log_count: logs.length, metres_rebuilt: Math.round(metres * 10) / 10 };\n}\n\n' +
  'module.exports = { summarise };\n';
const operation = (type: string): ApiOperation => ({
  method: 'get',
  path: '/walls/{id}/summary',
  endpoint: 'GET /walls/{id}/summary',
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: { type: 'object', properties: { log_count: { type: 'integer' }, metres_rebuilt: { type } } },
    },
  ],
});
const run = async (files: Record<string, string>, frames: string[], type = 'number') => {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /walls/{id}/summary',
    log: nodeLog('TypeError: Reduce of empty array with no initial value', ['Array.reduce (<anonymous>)', ...frames]),
  });
  return allCandidates(nodeReduceEmpty, { ...context, operation: operation(type) }, Object.keys(files));
};

describe('node.reduce-empty (a sum helper)', () => {
  it("starts a helper's sum at 0 when its caller on the trace fills a documented number (CommonJS)", async () => {
    const found = await run({ 'src/utils/math.js': math(), 'src/services/logs.js': service }, [
      'sum (/app/src/utils/math.js:4:17)',
      'Object.summarise (/app/src/services/logs.js:4:18)',
    ]);
    expect(found.map((f) => f.files['src/utils/math.js'])).toEqual([math(', 0')]);
  });

  it('does the same for an arrow helper exported from a TypeScript module, its result in a literal', async () => {
    const util = (initial = '') =>
      `export const total = (xs: number[]): number => xs.reduce((a, b) => a + b${initial});\n`;
    const report =
      'import { total } from "./util.js";\nexport function summary(rows: { m: number }[]) {\n' +
      '  return { metres_rebuilt: total(rows.map((r) => r.m)) };\n}\n';
    const found = await run({ 'src/util.ts': util(), 'src/report.ts': report }, [
      'total (/app/src/util.ts:1:60)',
      'summary (/app/src/report.ts:3:27)',
    ]);
    expect(found.map((f) => f.files['src/util.ts'])).toEqual([util(', 0')]);
  });

  it('near miss: a caller whose field the contract documents as a string gets no candidate', async () => {
    const files = { 'src/utils/math.js': math(), 'src/services/logs.js': service };
    const frames = ['sum (/app/src/utils/math.js:4:17)', 'Object.summarise (/app/src/services/logs.js:4:18)'];
    expect(await run(files, frames, 'string')).toEqual([]);
  });
});
