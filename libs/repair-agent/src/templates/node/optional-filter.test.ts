import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeOptionalFilter } from './optional-filter.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

async function run(file: string, source: string, method: string, frame: string, required = false) {
  const { context } = templateContext(
    { [file]: source },
    {
      kind: 'runtime_error',
      endpoint: 'GET /lots',
      log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${method}')`, [frame]),
    },
  );
  const operation = {
    ...context.operation!,
    parameters: [{ name: 'species', in: 'query', required, schema: { type: 'string' } }],
  } as ApiOperation;
  return (await allCandidates(nodeOptionalFilter, { ...context, operation }, [file])).map((f) => f.files[file]);
}

describe('node.optional-filter', () => {
  const file = 'src/services/lots.js';
  const service =
    'class LotService {\n  constructor(store) {\n    this.store = store;\n  }\n\n  list(filters = {}) {\n' +
    '    const species = filters.species.toLowerCase();\n' +
    '    return this.store.lots.filter((lot) => lot.species === species);\n  }\n}\n' +
    'module.exports = new LotService({ lots: [] });\n';
  const frame = 'LotService.list (/app/src/services/lots.js:7:37)';

  it('answers the whole collection when the optional query filter is absent (class method)', async () => {
    expect(await run(file, service, 'toLowerCase', frame)).toEqual([
      service.replace(
        '    const species',
        '    if (filters.species === undefined) return this.store.lots;\n    const species',
      ),
    ]);
  });

  it('does the same in a TypeScript function trimming the filter', async () => {
    const ts = 'src/lots.ts';
    const source =
      'export function list(rows: Lot[], query: { species?: string }) {\n' +
      '  const wanted = query.species.trim();\n  return rows.filter((r) => r.species.startsWith(wanted));\n}\n';
    expect(await run(ts, source, 'trim', 'list (/app/src/lots.ts:2:34)')).toEqual([
      source.replace('  const wanted', '  if (query.species === undefined) return rows;\n  const wanted'),
    ]);
  });

  it('leaves a filter the contract requires, and a local read after the filter', async () => {
    expect(await run(file, service, 'toLowerCase', frame, true)).toEqual([]);
    const reused = service.replace(
      '    return this.store.lots.filter((lot) => lot.species === species);\n',
      '    const found = this.store.lots.filter((lot) => lot.species === species);\n    return { species, found };\n',
    );
    expect(await run(file, reused, 'toLowerCase', frame)).toEqual([]);
  });
});
