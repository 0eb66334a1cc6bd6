import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeNullRelationDefault } from './null-relation-default.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const ENDPOINT = 'GET /deliveries/{id}/cost';
const operation = (fee: Record<string, unknown>): ApiOperation => ({
  method: 'get',
  path: '/deliveries/{id}/cost',
  endpoint: ENDPOINT,
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: { type: 'object', properties: { deliveryId: { type: 'integer' }, feePerKmCents: fee } },
    },
    { status: '404', mediaTypes: ['application/json'] },
  ],
});

const run = async (
  file: string,
  source: string,
  line: number,
  opts: { fee?: Record<string, unknown>; reading?: string } = {},
) => {
  const log = nodeLog(`TypeError: Cannot read properties of ${opts.reading ?? 'null'} (reading 'feePerKmCents')`, [
    `deliveryCost (/app/${file}:${line}:30)`,
  ]);
  const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: ENDPOINT, log });
  const withSchema = { ...context, operation: operation(opts.fee ?? { type: 'integer', minimum: 0 }) };
  return allCandidates(nodeNullRelationDefault, withSchema, [file]);
};

const cjs =
  "'use strict';\nconst couriers = require('./couriers');\nconst { BASE_FEE_PER_KM_CENTS, MAX_KM } = " +
  "require('./constants');\n\nasync function deliveryCost(delivery) {\n" +
  '  const courier = await couriers.find(delivery.courierId);\n' +
  '  const feePerKmCents = courier.feePerKmCents;\n' +
  '  return { deliveryId: delivery.id, feePerKmCents, totalCents: Math.min(delivery.km, MAX_KM) * feePerKmCents };\n' +
  '}\n\nmodule.exports = { deliveryCost };\n';

describe('node.null-relation-default', () => {
  it('falls back to the destructured default constant named after the member (CommonJS)', async () => {
    const found = await run('src/services/cost.js', cjs, 7);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.null-relation-default']);
    expect(found[0]!.files['src/services/cost.js']).toBe(
      cjs.replace('= courier.feePerKmCents;', '= courier ? courier.feePerKmCents : BASE_FEE_PER_KM_CENTS;'),
    );
  });

  it('does so inside an expression with a constant declared in the module (TypeScript)', async () => {
    const ts =
      "import { findCourier } from './couriers.js';\n\nconst FEE_PER_KM_CENTS = 120;\n\n" +
      'export async function deliveryCost(d: { id: number; km: number; courierId: number | null }) {\n' +
      '  const courier = await findCourier(d.courierId);\n' +
      '  return { deliveryId: d.id, totalCents: d.km * courier.feePerKmCents };\n}\n';
    const found = await run('src/cost.ts', ts, 7);
    expect(found[0]!.files['src/cost.ts']).toBe(
      ts.replace('d.km * courier.feePerKmCents', 'd.km * (courier ? courier.feePerKmCents : FEE_PER_KM_CENTS)'),
    );
  });

  it('leaves an undefined lookup, a nullable field, a record read again, and no or two fitting constants', async () => {
    const file = 'src/services/cost.js';
    expect(await run(file, cjs, 7, { reading: 'undefined' })).toEqual([]);
    expect(await run(file, cjs, 7, { fee: { type: ['integer', 'null'] } })).toEqual([]);
    const again = cjs.replace('totalCents:', 'courier: courier.name, totalCents:');
    expect(again).not.toBe(cjs);
    expect(await run(file, again, 7)).toEqual([]);
    expect(await run(file, cjs.replace('BASE_FEE_PER_KM_CENTS', 'BASE_FEE_CENTS'), 7)).toEqual([]);
    const two = cjs.replace('MAX_KM }', 'MAX_KM, RUSH_FEE_PER_KM_CENTS }');
    expect(await run(file, two, 7)).toEqual([]);
  });
});
