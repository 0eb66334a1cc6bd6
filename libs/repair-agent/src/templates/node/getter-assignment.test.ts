import { describe, expect, it } from 'vitest';
import { nodeGetterAssignment } from './getter-assignment.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The message as Node 20 printed it for `req.query = …` on a getter-only property (captured from a run).
const getterOnly = (frame: string) =>
  nodeLog('TypeError: Cannot set property query of #<IncomingMessage> which has only a getter', [frame]);
const middleware =
  "import type { RequestHandler } from 'express';\nimport type { ZodTypeAny } from 'zod';\n\n" +
  'export function validateQuery(schema: ZodTypeAny): RequestHandler {\n  return (req, _res, next) => {\n' +
  '    req.query = schema.parse(req.query);\n    next();\n  };\n}\n';
const run = (source: string, frame = '<anonymous> (/app/src/middleware/validate.ts:6:15)') =>
  allCandidates(
    nodeGetterAssignment,
    templateContext(
      { 'src/middleware/validate.ts': source },
      { kind: 'runtime_error', endpoint: 'GET /harvests', log: getterOnly(frame) },
    ).context,
    ['src/middleware/validate.ts'],
  );

describe('node.getter-assignment', () => {
  it('defines the parsed query as an own property of the request instead of assigning it', async () => {
    const found = await run(middleware);
    expect(found[0]!.files['src/middleware/validate.ts']).toBe(
      middleware.replace(
        '    req.query = schema.parse(req.query);',
        "    Object.defineProperty(req, 'query', " +
          '{ value: schema.parse(req.query), writable: true, enumerable: true, configurable: true });',
      ),
    );
  });

  it('leaves a line that assigns another property alone', async () => {
    const other = middleware.replace('req.query = schema', 'req.body = schema');
    expect(await run(other)).toEqual([]);
  });
});
