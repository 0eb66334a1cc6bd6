import { describe, expect, it } from 'vitest';
import { nodePromiseAllArray } from './promise-all-array.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const notIterable = (frame: string) =>
  nodeLog('TypeError: object is not iterable (cannot read property Symbol(Symbol.iterator))', [frame]);

describe('node.promise-all-array', () => {
  it('wraps the promises of a multi-line Promise.all in one array (JS)', async () => {
    const source =
      'async function load(id) {\n  const [order, lines] = await Promise.all(\n    orders.find(id),\n' +
      '    lines.byOrder(id),\n  );\n  return { ...order, lines };\n}\nmodule.exports = { load };\n';
    const { context } = templateContext(
      { 'src/load.js': source },
      { kind: 'runtime_error', endpoint: 'GET /orders/{id}', log: notIterable('Object.load (/app/src/load.js:2:32)') },
    );
    const found = await allCandidates(nodePromiseAllArray, context, ['src/load.js']);
    expect(found.map((f) => f.files['src/load.js'])).toEqual([
      source.replace('Promise.all(\n', 'Promise.all([\n').replace(',\n  );', ',\n  ]);'),
    ]);
  });

  it('wraps a one-line Promise.allSettled in a TypeScript method', async () => {
    const source =
      'export class Loader {\n  async both(a: Promise<number>, b: Promise<number>) {\n' +
      '    return Promise.allSettled(a, b);\n  }\n}\n';
    const { context } = templateContext(
      { 'src/loader.ts': source },
      { kind: 'runtime_error', endpoint: 'GET /both', log: notIterable('Loader.both (/app/src/loader.ts:3:20)') },
    );
    const found = await allCandidates(nodePromiseAllArray, context, ['src/loader.ts']);
    expect(found.map((f) => f.files['src/loader.ts'])).toEqual([
      source.replace('allSettled(a, b)', 'allSettled([a, b])'),
    ]);
  });

  it('leaves a single argument that is not iterable (another bug)', async () => {
    const source = 'async function load(p) {\n  return Promise.all(p);\n}\nmodule.exports = { load };\n';
    const { context } = templateContext(
      { 'src/load.js': source },
      { kind: 'runtime_error', endpoint: 'GET /x', log: notIterable('Object.load (/app/src/load.js:2:18)') },
    );
    expect(await allCandidates(nodePromiseAllArray, context, [])).toEqual([]);
  });
});
