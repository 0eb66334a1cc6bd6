import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodeNotNullTimestamp } from './not-null-timestamp.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

const SCHEMA =
  'export const SCHEMA = `\n' +
  'CREATE TABLE guests (\n' +
  '  id INTEGER PRIMARY KEY,\n' +
  '  name TEXT NOT NULL,\n' +
  '  created_at TEXT NOT NULL\n' +
  ');\n' +
  '`;\n';
const guest = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
};

// A create failing in a repository (frames: the SQL wrapper, then the repository's call).
function context(files: Record<string, string>, frames: string[], message = 'guests.created_at'): TemplateContext {
  const { context: base } = templateContext(
    { 'src/db/schema.ts': SCHEMA, ...files },
    {
      kind: 'runtime_error',
      endpoint: 'POST /guests',
      expected: 201,
      log: nodeLog(`Error: NOT NULL constraint failed: ${message}`, frames),
    },
  );
  const operation = withRequestBody(base.operation!, { name: { type: 'string' } }, ['name']);
  return {
    ...base,
    operation: { ...operation, responses: [{ status: '201', mediaTypes: ['application/json'], schema: guest }] },
  };
}

const wrapped =
  "import { execute } from '../db/database';\n\nexport async function createGuest(dto: { name: string }) {\n" +
  "  const { lastId } = execute('INSERT INTO guests (name) VALUES (?)', [\n    dto.name,\n  ]);\n  return lastId;\n" +
  '}\n';
const wrapperFrames = ['execute (/app/src/db/database.ts:42:12)', 'createGuest (/app/src/repositories/guests.ts:4:23)'];

describe('node.not-null-timestamp', () => {
  it('stamps the column in an INSERT a SQL wrapper runs with an array of values (TypeScript)', async () => {
    const found = await allCandidates(
      nodeNotNullTimestamp,
      context({ 'src/repositories/guests.ts': wrapped }, wrapperFrames),
      ['src/repositories/guests.ts'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.not-null-timestamp@src/repositories/guests.ts:4']);
    expect(found[0]!.files['src/repositories/guests.ts']).toBe(
      wrapped
        .replace('(name) VALUES (?)', '(name, created_at) VALUES (?, ?)')
        .replace('dto.name,', 'dto.name,\n    new Date().toISOString(),'),
    );
  });

  it('stamps it in a better-sqlite3 prepare(…).run(…) (CommonJS)', async () => {
    const repo =
      "const db = require('./db');\n\nexports.create = (g) =>\n" +
      "  db.prepare('INSERT INTO guests (name) VALUES (?)').run(g.name);\n";
    const found = await allCandidates(
      nodeNotNullTimestamp,
      context({ 'src/guests.js': repo }, ['exports.create (/app/src/guests.js:4:53)']),
      ['src/guests.js'],
    );
    expect(found[0]!.files['src/guests.js']).toBe(
      repo
        .replace('(name) VALUES (?)', '(name, created_at) VALUES (?, ?)')
        .replace('run(g.name)', 'run(g.name, new Date().toISOString())'),
    );
  });

  it('leaves a column the request carries, one of another name, and an INSERT with a literal value', async () => {
    const files = { 'src/repositories/guests.ts': wrapped };
    const carried = context(files, wrapperFrames);
    const withStamp = {
      ...carried,
      operation: withRequestBody(carried.operation!, { name: { type: 'string' }, createdAt: { type: 'string' } }, [
        'name',
      ]),
    };
    expect(await allCandidates(nodeNotNullTimestamp, withStamp, [])).toEqual([]);
    expect(await allCandidates(nodeNotNullTimestamp, context(files, wrapperFrames, 'guests.name'), [])).toEqual([]);
    const literal = wrapped.replace("(name) VALUES (?)', [", "(name, vip) VALUES (?, 0)', [");
    expect(
      await allCandidates(nodeNotNullTimestamp, context({ 'src/repositories/guests.ts': literal }, wrapperFrames), []),
    ).toEqual([]);
  });
});
