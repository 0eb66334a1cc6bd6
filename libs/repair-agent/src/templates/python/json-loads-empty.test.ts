import { describe, expect, it } from 'vitest';
import { pythonJsonLoadsEmpty } from './json-loads-empty.js';
import { operation } from './test-support/summarise.js';
import { candidatesOf } from './test-support/python-context.js';

const empty = { type: 'json.decoder.JSONDecodeError', message: 'Expecting value: line 1 column 1 (char 0)' };
const pet = {
  type: 'object',
  properties: { id: { type: 'integer' }, allergies: { type: 'array', items: { type: 'string' } } },
  required: ['id', 'allergies'],
};

async function run(source: string, line: number, schema: Record<string, unknown>, exception = empty) {
  const op = operation('GET /things/{id}', { '200': schema });
  const found = await candidatesOf(pythonJsonLoadsEmpty, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
    operation: op,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.json-loads-empty', () => {
  it('reads empty stored text as the empty list its documented array field allows, in a dict literal', async () => {
    const source =
      'def pet_to_dict(pet):\n    return {\n        "id": pet.id,\n' +
      '        "allergies": json.loads(pet.allergies_json),\n    }\n';
    expect(await run(source, 4, pet)).toEqual([
      '        "allergies": json.loads(pet.allergies_json) if pet.allergies_json else [],',
    ]);
  });

  it(`offers None first, then {}, for a nullable object field fed through an assignment of a list item, on a NULL \
column`, async () => {
    const source =
      'def settings_of(row):\n    preferences = loads(row.prefs) or {}\n    return {"preferences": preferences}\n';
    const list = {
      type: 'array',
      items: { type: 'object', properties: { preferences: { anyOf: [{ type: 'object' }, { type: 'null' }] } } },
    };
    const none = { type: 'TypeError', message: 'the JSON object must be str, bytes or bytearray, not NoneType' };
    expect(await run(source, 2, list, none)).toEqual([
      '    preferences = (loads(row.prefs) if row.prefs else None) or {}',
      '    preferences = (loads(row.prefs) if row.prefs else {}) or {}',
    ]);
  });

  it('leaves malformed text, undocumented fields, request bodies and non-collection fields alone', async () => {
    const source = 'def pet_to_dict(pet):\n    return {"allergies": json.loads(pet.allergies_json)}\n';
    expect(
      await run(source, 2, pet, {
        type: 'JSONDecodeError',
        message: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
      }),
    ).toEqual([]);
    const undocumented = 'def pet_to_dict(pet):\n    return {"extras": json.loads(pet.extras_json)}\n';
    expect(await run(undocumented, 2, { type: 'object', properties: { id: { type: 'integer' } } })).toEqual([]);
    const called = 'def parse(request):\n    return {"allergies": json.loads(request.body())}\n';
    expect(await run(called, 2, pet)).toEqual([]);
    const count = 'def stats(row):\n    return {"id": json.loads(row.raw)}\n';
    expect(await run(count, 2, pet)).toEqual([]);
  });

  // tests/test_pieces.py (heldout8 choir C2): a helper returns the parse, its caller fills the field.
  const helper = 'import json\n\n\ndef load_tags(raw: str | None) -> list[str]:\n    return json.loads(raw)\n';
  const caller = (field: string) =>
    `from app.helpers.tags import load_tags\n\n\ndef piece_out(piece):\n    return PieceOut(\n        id=piece.id,\n` +
    `        ${field}=load_tags(piece.tags),\n    )\n`;
  const frames = [
    { file: '/srv/app/routers/pieces.py', line: 7, inApp: true },
    { file: '/srv/app/helpers/tags.py', line: 5, inApp: true },
  ];
  const piece = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
        notes: { anyOf: [{ type: 'object' }, { type: 'null' }] },
      },
    },
  };
  async function viaHelper(field: string, schema: Record<string, unknown>, callerFrames = frames) {
    const found = await candidatesOf(pythonJsonLoadsEmpty, {
      files: { 'app/helpers/tags.py': helper, 'app/routers/pieces.py': caller(field) },
      culprit: { file: 'app/helpers/tags.py', line: 5 },
      exception: empty,
      operation: operation('GET /pieces', { '200': schema }),
      cause: { trace: { frames: callerFrames } as never },
    });
    return found.map((c) => c.changed['app/helpers/tags.py']?.split('\n')[4]);
  }

  it("guards a helper's returned parse by the field its caller, the next frame of the trace, fills", async () => {
    expect(await viaHelper('tags', piece)).toEqual(['    return json.loads(raw) if raw else []']);
    expect(await viaHelper('notes', piece)).toEqual([
      '    return json.loads(raw) if raw else None',
      '    return json.loads(raw) if raw else {}',
    ]);
  });

  it('leaves a helper alone when its caller feeds no documented field, or the trace has no caller', async () => {
    expect(await viaHelper('extras', piece)).toEqual([]);
    expect(await viaHelper('tags', piece, frames.slice(1))).toEqual([]);
  });
});
