import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeDocumentedDefault } from './documented-default.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const endpoint = 'GET /glass';
const contract: ApiModel = {
  openapi: '3.0.3',
  title: 't',
  operations: [
    {
      method: 'GET',
      path: '/glass',
      endpoint,
      parameters: [
        {
          name: 'sort',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['code', 'color'], default: 'code' },
        },
      ],
      responses: [{ status: '200', mediaTypes: ['application/json'] }],
    },
  ],
};
const spec = (sort: string) =>
  `export const listQuery = {\n  sort: ${sort},\n  page: { type: 'int', default: 1 },\n};\n`;
const run = (sort: string) =>
  allCandidates(
    nodeDocumentedDefault,
    { ...templateContext({ 'src/query.ts': spec(sort) }, { kind: 'runtime_error', endpoint }).context, contract },
    ['src/query.ts'],
  );

describe('node.documented-default', () => {
  it("defaults the parameter to the documented value its own list allows (an object, zod's .default)", async () => {
    const stale = "{ type: 'enum', values: ['code', 'color'], default: 'sku' }";
    expect((await run(stale))[0]!.files['src/query.ts']).toBe(spec(stale.replace("'sku'", "'code'")));
    const zod = "z.enum(['code', 'color']).default('sku')";
    expect((await run(zod))[0]!.files['src/query.ts']).toBe(spec(zod.replace("'sku'", "'code'")));
  });

  it('leaves a default the list allows, and a list without the documented value', async () => {
    expect(await run("{ type: 'enum', values: ['code', 'color'], default: 'color' }")).toEqual([]);
    expect(await run("{ type: 'enum', values: ['sku', 'color'], default: 'sku' }")).toEqual([]);
  });
});
