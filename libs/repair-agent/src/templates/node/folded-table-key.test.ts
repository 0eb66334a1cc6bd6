import { describe, expect, it } from 'vitest';
import { nodeFoldedTableKey } from './folded-table-key.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const FILE = 'src/services/orders.js';

const run = (files: Record<string, string>, line: number, read = 'includes') =>
  allCandidates(
    nodeFoldedTableKey,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'PATCH /orders/{id}/status',
      log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${read}')`, [
        `OrderService.changeStatus (/app/${FILE}:${line}:18)`,
      ]),
    }).context,
    [FILE],
  );

const constants =
  "const OrderStatus = Object.freeze({ PENDING: 'pending', CARVING: 'carving', DONE: 'done' });\n" +
  'const NEXT = Object.freeze({\n  [OrderStatus.PENDING]: [OrderStatus.CARVING],\n' +
  '  [OrderStatus.CARVING]: [OrderStatus.DONE],\n  [OrderStatus.DONE]: [],\n});\n' +
  'module.exports = { OrderStatus, NEXT };\n';
const service = (key: string) =>
  "const { NEXT } = require('../constants');\n\nasync function changeStatus(order, status) {\n" +
  `  const allowed = NEXT[${key}];\n  if (!allowed.includes(status)) throw new Error('conflict');\n` +
  '  return { ...order, status };\n}\n\nmodule.exports = { changeStatus };\n';
const seed =
  "const orders = [{ id: 1, status: 'pending' }, { id: 2, status: 'carving' }];\nmodule.exports = { orders };\n";

describe('node.folded-table-key', () => {
  it('drops the fold when the stored values are the keys (computed keys through a constant object)', async () => {
    const found = await run(
      { [FILE]: service('order.status.toUpperCase()'), 'src/constants.js': constants, 'src/db/seed.js': seed },
      5,
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.folded-table-key@src/services/orders.js:4']);
    expect(found[0]!.files[FILE]).toBe(service('order.status'));
  });

  it("folds the key to the table's own case when nothing says what the values hold", async () => {
    const local = (key: string) =>
      "const RATES = { BIKE: { perDay: 5 }, 'CAR': { perDay: 40 } };\n" +
      `function price(kind, days) {\n  return RATES[kind.${key}()].perDay * days;\n}\nmodule.exports = { price };\n`;
    const found = await run({ [FILE]: local('toLowerCase') }, 3, 'perDay');
    expect(found[0]!.files[FILE]).toBe(local('toUpperCase'));
  });

  it('leaves a table whose keys are in mixed case or are not all known', async () => {
    const mixed = "const NEXT = { pending: ['x'], Carving: [] };" + service('order.status.toUpperCase()').slice(41);
    expect(await run({ [FILE]: mixed, 'src/db/seed.js': seed }, 5)).toEqual([]);
    const unknown = constants.replace('[OrderStatus.DONE]: []', '[computeKey()]: []');
    expect(
      await run(
        { [FILE]: service('order.status.toUpperCase()'), 'src/constants.js': unknown, 'src/db/seed.js': seed },
        5,
      ),
    ).toEqual([]);
  });
});
