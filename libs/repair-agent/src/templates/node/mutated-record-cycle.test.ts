import { describe, expect, it } from 'vitest';
import { nodeMutatedRecordCycle } from './mutated-record-cycle.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// V8's message, as Node prints it, with the circle starting at `property`.
const cycle = (property: string, closing: string) =>
  'TypeError: Converting circular structure to JSON\n' +
  "    --> starting at object with constructor 'Object'\n" +
  `    |     property '${property}' -> object with constructor 'Array'\n` +
  "    |     index 0 -> object with constructor 'Object'\n" +
  `    --- property '${closing}' closes the circle`;

const failing = (files: Record<string, string>, property = 'boats', closing = 'harbour') =>
  templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /harbours/{id}',
    log: nodeLog(cycle(property, closing), [
      'JSON.stringify (<anonymous>)',
      'HarbourController.show (/app/src/controllers/harbours.js:9:9)',
    ]),
  }).context;

const service = (body: string) =>
  "const repo = require('../repo');\n\nclass HarbourService {\n  async show(id) {\n" +
  `${body}  }\n}\n\nmodule.exports = new HarbourService();\n`;
const mutating = service(
  '    const harbour = await repo.findHarbour(id);\n' +
    "    if (!harbour) throw new Error('not found');\n" +
    '    const boats = await repo.boatsOf(id);\n' +
    '    harbour.boats = boats;\n' +
    '    return harbour;\n',
);

describe('node.mutated-record-cycle', () => {
  it('answers a copy with the list instead of setting it on the looked-up record (a service)', async () => {
    const found = await allCandidates(nodeMutatedRecordCycle, failing({ 'src/services/harbours.js': mutating }), [
      'src/services/harbours.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.mutated-record-cycle@src/services/harbours.js:8']);
    expect(found[0]!.files['src/services/harbours.js']).toBe(
      service(
        '    const harbour = await repo.findHarbour(id);\n' +
          "    if (!harbour) throw new Error('not found');\n" +
          '    const boats = await repo.boatsOf(id);\n' +
          '    return { ...harbour, boats };\n',
      ),
    );
  });

  it('moves a call the record is given into the copy sent by the handler (no statement between)', async () => {
    const handler =
      'export async function show(req, res) {\n  const harbour = findHarbour(Number(req.params.id));\n' +
      '  harbour.moorings = mooringsOf(harbour.id);\n  res.status(200).json(harbour);\n}\n';
    const found = await allCandidates(
      nodeMutatedRecordCycle,
      failing({ 'src/harbours.ts': handler }, 'moorings', 'harbour'),
      ['src/harbours.ts'],
    );
    expect(found[0]!.files['src/harbours.ts']).toBe(
      'export async function show(req, res) {\n  const harbour = findHarbour(Number(req.params.id));\n' +
        '  res.status(200).json({ ...harbour, moorings: mooringsOf(harbour.id) });\n}\n',
    );
  });

  it('leaves a built literal, a record handed to another call, another property, no cycle path', async () => {
    const built = service(
      '    const harbour = { id, name: await repo.nameOf(id) };\n' +
        '    harbour.boats = await repo.boatsOf(id);\n    return harbour;\n',
    );
    expect(
      await allCandidates(nodeMutatedRecordCycle, failing({ 'src/services/harbours.js': built }), [
        'src/services/harbours.js',
      ]),
    ).toEqual([]);
    const logged = service(
      '    const harbour = await repo.findHarbour(id);\n    const boats = await repo.boatsOf(id);\n' +
        '    harbour.boats = boats;\n    log.debug(harbour);\n    return harbour;\n',
    );
    expect(
      await allCandidates(nodeMutatedRecordCycle, failing({ 'src/services/harbours.js': logged }), [
        'src/services/harbours.js',
      ]),
    ).toEqual([]);
    const other = failing({ 'src/services/harbours.js': mutating }, 'crews', 'harbour');
    expect(await allCandidates(nodeMutatedRecordCycle, other, ['src/services/harbours.js'])).toEqual([]);
    const { context } = templateContext(
      { 'src/services/harbours.js': mutating },
      {
        kind: 'runtime_error',
        endpoint: 'GET /harbours/{id}',
        log: nodeLog('TypeError: Converting circular structure to JSON', [
          'show (/app/src/controllers/harbours.js:9:9)',
        ]),
      },
    );
    expect(await allCandidates(nodeMutatedRecordCycle, context, ['src/services/harbours.js'])).toEqual([]);
  });
});
