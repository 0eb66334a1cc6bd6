import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeStoredList } from './stored-list.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// As Node printed it in a real run (heldout9 capture): the parse of an array that is already one.
const refused = (frames: string[]) =>
  nodeLog(`SyntaxError: Unexpected token 'b', "brakes,whe"... is not valid JSON`, [
    'JSON.parse (<anonymous>)',
    ...frames,
    'Array.map (<anonymous>)',
  ]);
const operation = (endpoint: string): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  const schema = {
    type: 'array',
    items: {
      type: 'object',
      properties: { id: { type: 'integer' }, skills: { type: 'array', items: { type: 'string' } } },
    },
  };
  return {
    method,
    path,
    endpoint,
    parameters: [],
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  };
};
const service =
  'async function workload(rows) {\n  return rows.map((m) => {\n    return {\n      id: m.id,\n' +
  '      skills: JSON.parse(m.skills),\n    };\n  });\n}\nmodule.exports = { workload };\n';

async function keys(data: Record<string, string>, file = 'src/services/workload.js', source = service) {
  const { context } = templateContext(
    { [file]: source, ...data },
    { kind: 'runtime_error', endpoint: 'GET /workload', log: refused([`/app/${file}:5:20`]) },
  );
  const found = await allCandidates(nodeStoredList, { ...context, operation: operation('GET /workload') }, [file]);
  return found.map((f) => ({ key: f.candidate.key, source: f.files[file] }));
}

describe('node.stored-list#stored-array', () => {
  it('uses a value the seed keeps as a JSON array as it is (nested seed object, CommonJS service)', async () => {
    const seed = JSON.stringify(
      {
        staff: [
          { id: 1, skills: ['brakes', 'wheels'] },
          { id: 2, skills: [] },
        ],
        version: 1,
      },
      null,
      2,
    );
    expect(await keys({ 'src/db/seed.json': seed, 'package.json': '{"name":"x","skills":"no"}' })).toEqual([
      {
        key: 'node.stored-list#stored-array',
        source: service.replace(
          'skills: JSON.parse(m.skills),',
          'skills: Array.isArray(m.skills) ? m.skills : JSON.parse(m.skills),',
        ),
      },
    ]);
  });

  it('does the same for a top-level array of rows in a data folder (ESM arrow mapper)', async () => {
    const mapper = 'export const toRow = (m) => ({ id: m.id, skills: JSON.parse(m.skills) });\n';
    const { context } = templateContext(
      { 'src/map.mjs': mapper, 'data/staff.json': '[{"id":1,"skills":["brakes","wheels","gears"]}]' },
      { kind: 'runtime_error', endpoint: 'GET /workload', log: refused(['toRow (/app/src/map.mjs:1:50)']) },
    );
    const found = await allCandidates(nodeStoredList, { ...context, operation: operation('GET /workload') }, [
      'src/map.mjs',
    ]);
    expect(found.map((f) => f.files['src/map.mjs'])).toEqual([
      mapper.replace(
        'skills: JSON.parse(m.skills)',
        'skills: Array.isArray(m.skills) ? m.skills : JSON.parse(m.skills)',
      ),
    ]);
  });

  it(`near miss: the key stored as text somewhere, or arrays that do not read as the refused text, stay \
comma-separated text (#inline)`, async () => {
    const asText = await keys({
      'src/db/seed.json': '{"staff":[{"skills":["brakes","wheels"]},{"skills":"brakes,wheels"}]}',
    });
    expect(asText.map((f) => f.key)).toEqual(['node.stored-list#inline']);
    const other = await keys({ 'src/db/seed.json': '{"staff":[{"skills":["gears","chains"]}]}' });
    expect(other.map((f) => f.key)).toEqual(['node.stored-list#inline']);
  });
});
