import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeJsonParseGuard } from './json-parse-guard.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const syntax = (frame: string) =>
  nodeLog('SyntaxError: Unexpected token o in JSON at position 1', ['JSON.parse (<anonymous>)', frame]);

describe('node.json-parse-guard', () => {
  it('answers the documented 400 to malformed JSON in a query parameter (Express)', async () => {
    const routes =
      "const router = require('express').Router();\nrouter.get('/', (req, res) => {\n" +
      "  const filter = JSON.parse(req.query.filter ?? '{}');\n  res.json({ filter });\n});\n" +
      "router.post('/', (req, res) => res.status(400).json({ detail: 'bad' }));\nmodule.exports = router;\n";
    const { context } = templateContext(
      {
        'src/app.js':
          "const express = require('express');\nconst app = express();\napp.use('/search', require('./routes'));\n",
        'src/routes.js': routes,
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /search',
        log: syntax('/app/src/routes.js:3:23'),
        responses: ['200', '400'],
      },
    );
    const found = await allCandidates(nodeJsonParseGuard, context, ['src/routes.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-guard#refuse']);
    expect(found[0]!.files['src/routes.js']).toBe(
      routes.replace(
        "  const filter = JSON.parse(req.query.filter ?? '{}');\n",
        "  let filter;\n  try {\n    filter = JSON.parse(req.query.filter ?? '{}');\n  } catch (err) {\n" +
          '    return res.status(400).json({ detail: err.message });\n  }\n',
      ),
    );
  });

  it('answers the documented 422 to a body field that is not JSON, in a Fastify handler (reply.code)', async () => {
    const plugin =
      "export default async function uploads(app) {\n  app.post('/', async (request, reply) => {\n" +
      '    const meta = JSON.parse(request.body.meta);\n' +
      '    return reply.code(201).send({ name: meta.name });\n  });\n}\n';
    const { context } = templateContext(
      {
        'src/app.mjs':
          "import Fastify from 'fastify';\nimport uploads from './uploads.mjs';\nconst app = Fastify();\n" +
          "app.register(uploads, { prefix: '/uploads' });\n",
        'src/uploads.mjs': plugin,
      },
      {
        kind: 'runtime_error',
        endpoint: 'POST /uploads',
        log: syntax('Object.<anonymous> (/app/src/uploads.mjs:3:23)'),
        expected: 201,
        responses: ['201', '422'],
      },
    );
    const found = await allCandidates(nodeJsonParseGuard, context, ['src/uploads.mjs']);
    expect(found[0]!.files['src/uploads.mjs']).toContain(
      '    let meta;\n    try {\n      meta = JSON.parse(request.body.meta);\n    } catch (err) {\n' +
        '      return reply.code(422).send({ error: err.message });\n    }\n',
    );
  });

  it(`refuses stored data (with or without a default in the code), and request JSON the operation documents no 4xx \
for`, async () => {
    for (const parse of ['JSON.parse(row.settings)', "JSON.parse(row.settings || '{}')"]) {
      const repo =
        `function toProject(row) {\n  return { id: row.id, settings: ${parse} };\n}\n` +
        `module.exports = { toProject };\n`;
      const stored = templateContext(
        { 'src/repo.js': repo },
        {
          kind: 'runtime_error',
          endpoint: 'GET /projects/{id}',
          log: syntax('toProject (/app/src/repo.js:2:38)'),
          responses: ['200', '400'],
        },
      );
      expect(await allCandidates(nodeJsonParseGuard, stored.context, [])).toEqual([]);
    }
    const routes =
      "const router = require('express').Router();\nrouter.get('/', (req, res) => {\n" +
      '  const filter = JSON.parse(req.query.filter);\n  res.json({ filter });\n});\n' +
      'module.exports = router;\n';
    const undocumented = templateContext(
      { 'src/routes.js': routes },
      { kind: 'runtime_error', endpoint: 'GET /search', log: syntax('/app/src/routes.js:3:23'), responses: ['200'] },
    );
    expect(await allCandidates(nodeJsonParseGuard, undocumented.context, [])).toEqual([]);
  });

  it(`reads an EMPTY stored value as the documented empty object or array; a malformed one stays without a \
candidate`, async () => {
    const service =
      'export class Attendees {\n  constructor(private readonly rows: Map<number, any>) {}\n\n' +
      '  async findOne(id: number) {\n    const row = this.rows.get(id);\n' +
      '    const { prefsJson, ...rest } = row;\n' +
      '    return { ...rest, preferences: JSON.parse(prefsJson), tags: JSON.parse(row.tagsJson) };\n  }\n' +
      '}\n';
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        preferences: { type: 'object', additionalProperties: true },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const withSchema = (log: string) => {
      const { context } = templateContext(
        { 'src/attendees.ts': service },
        { kind: 'runtime_error', endpoint: 'GET /attendees/{id}', log },
      );
      return {
        ...context,
        operation: {
          ...context.operation!,
          responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
        } as ApiOperation,
      };
    };
    const ended = (column: number) =>
      nodeLog('SyntaxError: Unexpected end of JSON input', [
        'JSON.parse (<anonymous>)',
        `Attendees.findOne (/app/src/attendees.ts:7:${column})`,
      ]);
    const found = await allCandidates(nodeJsonParseGuard, withSchema(ended(42)), ['src/attendees.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-guard#empty']);
    expect(found[0]!.files['src/attendees.ts']).toBe(
      service.replace('JSON.parse(prefsJson)', "JSON.parse(prefsJson || '{}')"),
    );
    const malformed = nodeLog('SyntaxError: Unexpected token o in JSON at position 1', [
      'JSON.parse (<anonymous>)',
      'Attendees.findOne (/app/src/attendees.ts:7:42)',
    ]);
    expect(await allCandidates(nodeJsonParseGuard, withSchema(malformed), [])).toEqual([]);
  });
});
