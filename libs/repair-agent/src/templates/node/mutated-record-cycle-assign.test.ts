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

const attempt = async (file: string, source: string, property = 'marina', more: Record<string, string> = {}) => {
  const { context } = templateContext(
    { [file]: source, ...more },
    {
      kind: 'runtime_error',
      endpoint: 'GET /slips/{slipId}',
      log: nodeLog(cycle(property), ['JSON.stringify (<anonymous>)', 'show (/app/src/controllers/slips.ts:9:7)']),
    },
  );
  // The answer documents a slip with its marina (two fields) and owner, as allOf parts.
  const marina = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
  const schema = { allOf: [{ type: 'object', properties: { id: { type: 'integer' } } }, { properties: { marina } }] };
  const responses = [{ status: '200', mediaTypes: ['application/json'], schema }];
  return allCandidates(nodeMutatedRecordCycle, { ...context, operation: { ...context.operation!, responses } }, [file]);
};

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

  it("hands the value the circle starts at to the project's mapper to its documented shape", async () => {
    const mapper = (keys: string) => `export function toMarinaView(m) {\n  return { ${keys} };\n}\n`;
    const source = detail('  return Object.assign(slip, { marina, owner });').replace(
      "from '../db/store.js';\n",
      "from '../db/store.js';\nimport { toMarinaView } from './marinas.js';\n",
    );
    const exact = { 'src/services/marinas.ts': mapper('id: m.id, name: m.name') };
    const found = await attempt('src/services/slips.ts', source, 'marina', exact);
    expect(found[0]!.files['src/services/slips.ts']).toBe(
      source.replace(
        'Object.assign(slip, { marina, owner })',
        '{ ...slip, marina: marina && toMarinaView(marina), owner }',
      ),
    );
    // A mapper writing an undocumented key too (`berths`) is no mapper to the documented shape.
    const wider = { 'src/services/marinas.ts': mapper('id: m.id, name: m.name, berths: m.berths') };
    const plain = await attempt('src/services/slips.ts', source, 'marina', wider);
    expect(plain[0]!.files['src/services/slips.ts']).toBe(
      source.replace('Object.assign(slip, { marina, owner })', '{ ...slip, marina, owner }'),
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
