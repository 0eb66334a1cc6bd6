import { describe, expect, it } from 'vitest';
import { nodeRawParamFilter } from './raw-param-filter.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const FILE = 'src/services/summary.ts';

const run = (source: string, line: number) =>
  allCandidates(
    nodeRawParamFilter,
    templateContext(
      { [FILE]: source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /gates/{gateId}/summary',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'inspector')", [
          `gateSummary (/app/${FILE}:${line}:35)`,
        ]),
      },
    ).context,
    [FILE],
  );

const summary = (inspections: string) =>
  'export async function gateSummary(gateIdParam: unknown) {\n' +
  '  const gate = await getGate(parseId(gateIdParam, "gateId"));\n' +
  '  const operations = await db.operations.findMany({ gateId: gate.id });\n' +
  `  const inspections = await db.inspections.findMany({ ${inspections} });\n` +
  '  return { operationCount: operations.length, commissionedBy: inspections[0].inspector };\n}\n';

describe('node.raw-param-filter', () => {
  it('filters by what the earlier lookup of the same method gives the same key', async () => {
    const found = await run(summary('gateId: gateIdParam'), 5);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.raw-param-filter@src/services/summary.ts:4']);
    expect(found[0]!.files[FILE]).toBe(summary('gateId: gate.id'));
  });

  it('filters a shorthand key by the local the parameter is converted into', async () => {
    const source = (where: string) =>
      'export function latestFor(ownerId) {\n  const id = Number(ownerId);\n' +
      `  const owner = owners.find((o) => o.id === id);\n  const pets = store.filter({ ${where} });\n` +
      '  return { owner: owner.name, first: pets[0].name };\n}\n';
    const found = await run(source('ownerId'), 5);
    expect(found[0]!.files[FILE]).toBe(source('ownerId: id'));
  });

  it('leaves a parameter the function never converts, and a result the failing line does not read', async () => {
    const raw =
      'export async function gateSummary(gateId: string) {\n  const gate = await getGate(gateId);\n' +
      '  const operations = await db.operations.findMany({ gateId: gate.id });\n' +
      '  const inspections = await db.inspections.findMany({ gateId });\n' +
      '  return { operationCount: operations.length, commissionedBy: inspections[0].inspector };\n}\n';
    expect(await run(raw, 5)).toEqual([]);
    const other = summary('gateId: gateIdParam').replace('inspections[0].inspector', 'gate.keeper.inspector');
    expect(await run(other, 5)).toEqual([]);
  });
});
