import { describe, expect, it } from 'vitest';
import { nodeMutatedRecordCycle } from './mutated-record-cycle.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// V8's message as Node prints it: the circle starts at `property`, an object whose list holds the answer.
const cycle = (property: string) =>
  'TypeError: Converting circular structure to JSON\n' +
  "    --> starting at object with constructor 'Object'\n" +
  `    |     property '${property}' -> object with constructor 'Object'\n` +
  "    |     property 'slips' -> object with constructor 'Array'\n" +
  '    --- index 0 closes the circle';

const attempt = (file: string, source: string, property = 'marina') =>
  allCandidates(
    nodeMutatedRecordCycle,
    templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint: 'GET /slips/{slipId}',
        log: nodeLog(cycle(property), ['JSON.stringify (<anonymous>)', 'show (/app/src/controllers/slips.ts:9:7)']),
      },
    ).context,
    [file],
  );

const detail = (answer: string) =>
  "import { findSlip, findMarina, findOwner } from '../db/store.js';\n\n" +
  'export function slipDetail(id: number) {\n  const slip = findSlip(id);\n' +
  "  if (!slip) throw new Error('not found');\n  const marina = findMarina(slip.marinaId);\n" +
  `  const owner = findOwner(slip.ownerId);\n${answer}\n}\n`;

describe('node.mutated-record-cycle#object-assign', () => {
  it('answers a copy where the function returns Object.assign(record, { … }) (TypeScript service)', async () => {
    const source = detail('  return Object.assign(slip, { marina, owner });');
    const found = await attempt('src/services/slips.ts', source);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.mutated-record-cycle@src/services/slips.ts:8']);
    expect(found[0]!.files['src/services/slips.ts']).toBe(detail('  return { ...slip, marina, owner };'));
  });

  it('does the same for the response a handler sends, keyed properties kept as written', async () => {
    const handler =
      'function show(req, res) {\n  const slip = store.slips.get(Number(req.params.slipId));\n' +
      '  res.json(Object.assign(slip, { marina: store.marinas.get(slip.marinaId) }));\n}\n' +
      'module.exports = { show };\n';
    const found = await attempt('src/controllers/slips.js', handler);
    expect(found[0]!.files['src/controllers/slips.js']).toBe(
      handler.replace(
        'Object.assign(slip, { marina: store.marinas.get(slip.marinaId) })',
        '{ ...slip, marina: store.marinas.get(slip.marinaId) }',
      ),
    );
  });

  it('near miss: a fresh target, a spread in the literal, a property the circle does not start at', async () => {
    expect(await attempt('src/a.ts', detail('  return Object.assign({}, slip, { marina, owner });'))).toEqual([]);
    expect(await attempt('src/b.ts', detail('  return Object.assign(slip, { ...extra, marina });'))).toEqual([]);
    expect(await attempt('src/c.ts', detail('  return Object.assign(slip, { owner });'))).toEqual([]);
    const built = detail('  return Object.assign(slip, { marina, owner });').replace('findSlip(id);', '{ id };');
    expect(await attempt('src/d.ts', built)).toEqual([]);
  });
});
