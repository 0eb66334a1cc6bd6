import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonEnumStrStored } from './enum-str-stored.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = [
  'from enum import Enum',
  'from typing import Optional',
  '',
  '',
  'class Colour(str, Enum):',
  '    RED = "red"',
  '    DARK_BLUE = "dark-blue"',
  '',
  '',
  'class TileIn(BaseModel):',
  '    label: str',
  '    colour: Colour',
  '',
  '',
  'class TilePatch(BaseModel):',
  '    colour: Optional[Colour] = None',
  '',
].join('\n');
const frames = (...at: [string, number][]) => ({
  trace: { frames: at.map(([file, line]) => ({ file: `/srv/${file}`, line, inApp: true })) },
});
const invalid = (input: string) => ({
  type: 'pydantic_core._pydantic_core.ValidationError',
  message:
    "1 validation error for Tile\ncolour\n  Input should be 'red' or 'dark-blue' " +
    `[type=enum, input_value='${input}', input_type=str]`,
});

async function run(tiles: string, exception: { type: string; message: string }, cause: object) {
  const found = await candidatesOf(pythonEnumStrStored, {
    files: { 'app/schemas.py': schemas, 'app/tiles.py': tiles },
    culprit: { file: 'app/tiles.py', line: 1 },
    exception,
    cause: cause as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/tiles.py']);
}

const create = [
  'def add_tile(body: TileIn, db=Depends(get_db)):',
  '    cur = db.execute(',
  '        "INSERT INTO tiles (label, colour) VALUES (?, ?)",',
  '        (body.label, str(body.colour)),',
  '    )',
  '    return read_back(db, cur.lastrowid)',
  '',
].join('\n');

describe('python.enum-str-stored', () => {
  it("stores .value where the request's handler wrote str() of a required enum field", async () => {
    // The exception's message is pydantic's first line; its errors are in the test's output.
    const firstLine = { ...invalid('Colour.DARK_BLUE'), message: '1 validation error for Tile' };
    const output = { nodeid: 't.py::test_add', message: invalid('Colour.DARK_BLUE').message, traces: [] };
    const changed = await run(create, firstLine, { ...frames(['app/tiles.py', 6]), violations: [output] });
    expect(changed).toEqual([create.replace('str(body.colour)', 'body.colour.value')]);
  });

  it('finds the one str() in the project when the value fails on a later read', async () => {
    const tiles = [
      'def save_tile(payload: TileIn, repo):',
      '    repo.insert({"label": payload.label, "colour": str(payload.colour)})',
      '',
      '',
      'def show_tile(tile_id: int, repo):',
      '    return Colour(repo.get(tile_id)["colour"])',
      '',
    ].join('\n');
    const message = { type: 'ValueError', message: "'Colour.RED' is not a valid Colour" };
    expect(await run(tiles, message, frames(['app/tiles.py', 6]))).toEqual([
      tiles.replace('str(payload.colour)', 'payload.colour.value'),
    ]);
  });

  it("reads the input of the error dicts a response's validation prints (no frame in the app)", async () => {
    const dicts =
      "1 validation errors:\n  {'type': 'enum', 'loc': ('response', 'colour'), 'msg': \"Input should be 'red' " +
      "or 'dark-blue'\", 'input': 'Colour.RED', 'ctx': {'expected': \"'red' or 'dark-blue'\"}}";
    const exception = { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' };
    const output = { nodeid: 't.py::test_add', message: dicts, traces: [] };
    expect(await run(create, exception, { ...frames(['tests/t.py', 9]), violations: [output] })).toEqual([
      create.replace('str(body.colour)', 'body.colour.value'),
    ]);
  });

  it('leaves an Optional field, and a member the enum lacks, alone', async () => {
    const patch = create.replace('body: TileIn', 'body: TilePatch').replace('body.label, ', '');
    expect(await run(patch, invalid('Colour.RED'), frames(['app/tiles.py', 6]))).toEqual([]);
    expect(await run(create, invalid('Colour.GREEN'), frames(['app/tiles.py', 6]))).toEqual([]);
    const quotedElsewhere = { type: 'KeyError', message: "'Colour.RED'" };
    expect(await run(create, quotedElsewhere, frames(['app/tiles.py', 6]))).toEqual([]);
  });
});
