import { describe, expect, it } from 'vitest';
import { nodeCountField } from './count-field.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A zod response schema refusing the sent body, as Node 20 printed it (captured from a run; the
// multi-line ZodError message reaches the template as its last line).
const refused = (frames: string[]) => nodeLog('ZodError: [\n  {\n    "message": "Required"\n  }\n]', frames);
const detail = {
  type: 'object',
  required: ['id', 'name', 'players', 'playerCount', 'matches'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    players: { type: 'array', items: { type: 'string' } },
    playerCount: { type: 'integer' },
    matches: { type: 'integer' },
  },
};
const respond =
  'export function send(res, status, schema, data) {\n  const body = schema.parse(data);\n' +
  '  return res.status(status).json(body);\n}\n';
const app =
  "import express from 'express';\nimport clubs from './routes/clubs.js';\nconst app = express();\n" +
  "app.use('/api/clubs', clubs);\nexport default app;\n";

const run = async (routes: string, schema: Record<string, unknown> = detail) => {
  const { context } = templateContext(
    { 'src/app.js': app, 'src/routes/clubs.js': routes, 'src/lib/respond.js': respond },
    {
      kind: 'runtime_error',
      endpoint: 'GET /api/clubs/{id}',
      log: refused(['send (file:///app/src/lib/respond.js:2:23)', 'file:///app/src/routes/clubs.js:8:5']),
    },
  );
  const operation = { ...context.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  return allCandidates(nodeCountField, { ...context, operation }, ['src/routes/clubs.js']);
};

describe('node.count-field', () => {
  it('adds a documented required count as the length of the list a spread object carries (send helper)', async () => {
    const routes =
      "import { Router } from 'express';\nimport { send } from '../lib/respond.js';\n" +
      "import { findClub } from '../data.js';\nconst router = Router();\n" +
      "router.get('/:id', async (req, res) => {\n  const club = await findClub(Number(req.params.id));\n" +
      '  const matches = 2;\n  send(res, 200, {}, { ...club, matches });\n});\nexport default router;\n';
    const found = await run(routes);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.count-field']);
    const [base, counts] = [
      { ...detail, required: ['id', 'players'] },
      {
        type: 'object',
        required: ['playerCount', 'matches'],
        properties: { playerCount: { type: 'integer' }, matches: { type: 'integer' } },
      },
    ];
    expect((await run(routes, { allOf: [base, counts] })).map((f) => f.candidate.key)).toEqual(['node.count-field']);
    expect(found[0]!.files['src/routes/clubs.js']).toBe(
      routes.replace('{ ...club, matches }', '{ ...club, matches, playerCount: club.players.length }'),
    );
  });

  it("reads the list from the literal's own key (res.status(200).json)", async () => {
    const routes =
      "import { Router } from 'express';\nconst router = Router();\n" +
      "router.get('/:id', async (req, res) => {\n  const row = { id: 1, name: 'x', roster: ['a'] };\n" +
      '  res.status(200).json({ id: row.id, name: row.name, players: row.roster, matches: 0 });\n});\n' +
      'export default router;\n';
    const found = await run(routes);
    expect(found[0]!.files['src/routes/clubs.js']).toContain(
      'players: row.roster, matches: 0, playerCount: row.roster.length });',
    );
  });

  it('leaves a count the literal already sends, and a count of a list the schema does not document', async () => {
    const routes =
      "import { Router } from 'express';\nimport { send } from '../lib/respond.js';\n" +
      "const router = Router();\nrouter.get('/:id', async (req, res) => {\n  const club = {};\n" +
      '  send(res, 200, {}, { ...club, playerCount: 3 });\n});\nexport default router;\n';
    expect(await run(routes)).toEqual([]);
    const noList = { ...detail, properties: { ...detail.properties, players: { type: 'integer' } } };
    expect(await run(routes.replace('playerCount: 3', 'matches: 3'), noList)).toEqual([]);
  });
});
