import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonEnumNameStored } from './enum-name-stored.js';
import { candidatesOf } from './test-support/python-context.js';

const enums = 'from enum import Enum\n\n\nclass Colour(str, Enum):\n    RED = "red"\n    DARK_BLUE = "dark-blue"\n';
// FastAPI's ResponseValidationError as the smoke reports it: the error dicts quote the stored input.
const refused = (input: string) =>
  ({
    kind: 'runtime_error',
    endpoints: ['PATCH /tiles/{tile_id}/colour'],
    violations: [
      {
        endpoint: 'PATCH /tiles/{tile_id}/colour',
        message:
          "ResponseValidationError: 1 validation errors:\n  {'type': 'enum', 'loc': ('response', 'colour'), " +
          `'msg': "Input should be 'red' or 'dark-blue'", 'input': '${input}'}`,
        traces: [],
      },
    ],
  }) as unknown as Partial<RootCause>;
const service = (param: string, stored: string) =>
  `from app.enums import Colour\n\n\ndef recolour(db, tile_id: int, ${param}):\n` +
  `    tile = db.get(Tile, tile_id)\n    tile.colour = ${stored}\n    db.commit()\n    return tile\n`;
const run = (source: string, input: string) =>
  candidatesOf(pythonEnumNameStored, {
    files: { 'app/enums.py': enums, 'app/tiles.py': source },
    cause: refused(input),
  }).then((found) => found.map((f) => f.changed['app/tiles.py']));

describe('python.enum-name-stored', () => {
  it("stores the member's value where its name was stored", async () => {
    expect(await run(service('colour: Colour', 'colour.name'), 'RED')).toEqual([
      service('colour: Colour', 'colour.value'),
    ]);
  });

  it('does the same for a member whose value is spelt with a dash, read in an expression', async () => {
    const stored = 'colour.name if colour else None';
    expect(await run(service('colour: Colour', stored), 'DARK_BLUE')).toEqual([
      service('colour: Colour', 'colour.value if colour else None'),
    ]);
  });

  it("near miss: an input that is a member's value, or the .name of something not of that enum", async () => {
    expect(await run(service('colour: Colour', 'colour.name'), 'red')).toEqual([]);
    expect(await run(service('colour: str', 'colour.name'), 'RED')).toEqual([]);
  });
});
