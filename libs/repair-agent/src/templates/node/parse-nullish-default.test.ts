import { describe, expect, it } from 'vitest';
import { nodeParseNullishDefault } from './parse-nullish-default.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

async function run(file: string, source: string, message: string) {
  const { context } = templateContext(
    { [file]: source },
    { kind: 'schema_mismatch', endpoint: 'GET /casks', actual: 200, message },
  );
  return (await allCandidates(nodeParseNullishDefault, context, [file])).map((f) => f.files[file]);
}

describe('node.parse-nullish-default', () => {
  it('defaults both parsed query numbers the violations name with || (CommonJS controller)', async () => {
    const file = 'src/controllers/casks.js';
    const source =
      'async function list(req, res) {\n' +
      '  const page = Math.max(Number.parseInt(req.query.page, 10) ?? 1, 1);\n' +
      '  const pageSize = Math.min(Number.parseInt(req.query.pageSize, 10) ?? DEFAULT_PAGE_SIZE, 100);\n' +
      '  res.json(service.paginate({ page, pageSize }));\n}\nmodule.exports = { list };\n';
    const found = await run(
      file,
      source,
      'body does not match the HTTP 200 schema: /page must be integer; /pageSize must be integer',
    );
    expect(found).toEqual([
      source
        .replace('Number.parseInt(req.query.page, 10) ?? 1', 'Number.parseInt(req.query.page, 10) || 1')
        .replace(
          'Number.parseInt(req.query.pageSize, 10) ?? DEFAULT',
          'Number.parseInt(req.query.pageSize, 10) || DEFAULT',
        ),
    ]);
  });

  it('defaults a property parsed with Number() in a TypeScript literal', async () => {
    const file = 'src/routes/casks.ts';
    const source =
      'export function options(q: Record<string, string>) {\n' +
      '  return { limit: Number(q.limit) ?? 20, sort: q.sort ?? "id" };\n}\n';
    const found = await run(file, source, 'body does not match the HTTP 200 schema: /limit must be integer');
    expect(found).toEqual([source.replace('Number(q.limit) ?? 20', 'Number(q.limit) || 20')]);
  });

  it('leaves a ?? default of a value that may be undefined, and a field no violation names', async () => {
    const file = 'src/controllers/casks.js';
    const source =
      'function list(req) {\n  const page = req.query.page ?? 1;\n' +
      '  const size = Number.parseInt(req.query.size, 10) ?? 20;\n  return { page, size };\n}\n';
    expect(await run(file, source, 'body does not match the HTTP 200 schema: /page must be integer')).toEqual([]);
  });
});
