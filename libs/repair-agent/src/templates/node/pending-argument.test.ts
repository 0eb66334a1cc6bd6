import { describe, expect, it } from 'vitest';
import { nodePendingArgument } from './pending-argument.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const species =
  'async function getSpecies(id) {\n  return { id, growthRate: "slow" };\n}\nmodule.exports = { getSpecies };\n';
const valuation =
  'function estimate(tree, species) {\n  const m = { slow: 2 }[species.growthRate];\n' +
  '  if (m === undefined) throw new Error(`unknown growth rate: ${species.growthRate}`);\n' +
  '  return { value: tree.price * m };\n}\nmodule.exports = { estimate };\n';
const controller = (get: string) =>
  "const speciesService = require('./species');\nconst valuationService = require('./valuation');\n\n" +
  `async function value(req, res) {\n  const species = ${get};\n` +
  '  res.json(valuationService.estimate({ price: 1 }, species));\n}\nmodule.exports = { value };\n';
const run = (get: string) =>
  allCandidates(
    nodePendingArgument,
    templateContext(
      { 'src/species.js': species, 'src/valuation.js': valuation, 'src/controller.js': controller(get) },
      {
        kind: 'runtime_error',
        endpoint: 'GET /trees/{id}/valuation',
        log: nodeLog('Error: unknown growth rate: undefined', [
          'estimate (/app/src/valuation.js:3:29)',
          'value (/app/src/controller.js:6:32)',
        ]),
      },
    ).context,
    ['src/controller.js'],
  );

describe('node.pending-argument', () => {
  it('awaits the async call whose Promise the handler hands on as the value', async () => {
    const found = await run('speciesService.getSpecies(1)');
    expect(found[0]!.files['src/controller.js']).toBe(controller('await speciesService.getSpecies(1)'));
  });

  it('leaves an awaited call and a call of a function that is not async', async () => {
    expect(await run('await speciesService.getSpecies(1)')).toEqual([]);
    expect(await run('speciesService.lookup(1)')).toEqual([]);
  });
});

describe('node.pending-argument, a memoised connection Promise', () => {
  const store =
    'let pending = null;\nasync function connect() {\n  return { query: (sql) => [sql] };\n}\n' +
    'function connection() {\n  if (!pending) pending = connect();\n  return pending;\n}\n' +
    'function rows(conn, sql) {\n  return conn.query(sql);\n}\nmodule.exports = { connection, rows };\n';
  const service = (first: string) =>
    "const { connection, rows } = require('./store');\n\n" +
    `async function listRooms() {\n  const conn = ${first};\n  return rows(conn, 'SELECT * FROM rooms');\n}\n` +
    'async function listDesks() {\n  const conn = await connection();\n' +
    "  return rows(conn, 'SELECT * FROM desks');\n}\n" +
    "async function listChairs() {\n  const conn = await connection();\n  return rows(conn, 'SELECT 1');\n}\n" +
    'module.exports = { listRooms, listDesks, listChairs };\n';
  const run = (first: string, files: Record<string, string> = {}) =>
    allCandidates(
      nodePendingArgument,
      templateContext(
        { 'src/store.js': store, 'src/rooms.js': service(first), ...files },
        {
          kind: 'runtime_error',
          endpoint: 'GET /rooms',
          log: nodeLog('TypeError: conn.query is not a function', [
            'rows (/app/src/store.js:10:15)',
            'listRooms (/app/src/rooms.js:5:10)',
          ]),
        },
      ).context,
      ['src/rooms.js'],
    );

  it('awaits a function that is not async when the project awaits its calls elsewhere', async () => {
    const found = await run('connection()');
    expect(found.map((f) => f.files['src/rooms.js'])).toEqual([service('await connection()')]);
  });

  it('leaves a function the project awaits only once', async () => {
    const once = service('connection()').replace(
      "const conn = await connection();\n  return rows(conn, 'SELECT 1')",
      'return []',
    );
    expect(await run('connection()', { 'src/rooms.js': once })).toEqual([]);
  });
});
