import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonEnumNameStored } from './enum-name-stored.js';
import { candidatesOf } from './test-support/python-context.js';

// The server log kept only the first line of FastAPI's ResponseValidationError: no quoted input.
const enums = 'from enum import Enum\n\n\nclass Colour(str, Enum):\n    RED = "red"\n    DARK_BLUE = "dark-blue"\n';
const router = (handler: string) =>
  'from fastapi import APIRouter\n\nfrom app import tiles\nfrom app.enums import Colour\n\n' +
  'router = APIRouter(prefix="/tiles")\n\n\n' +
  `@router.patch("/{tile_id}/colour")\n${handler}`;
const VIA_SERVICE = 'def recolour(tile_id: int, colour: Colour):\n    return tiles.recolour(tile_id, colour)\n';
const service = (stored: string) =>
  'from app.enums import Colour\n\n\ndef recolour(tile_id: int, colour: Colour):\n' +
  `    tile = load(tile_id)\n    tile.colour = ${stored}\n    return tile\n`;
const cause = {
  kind: 'runtime_error',
  endpoints: ['PATCH /tiles/{tile_id}/colour'],
  violations: [{ endpoint: 'PATCH /tiles/{tile_id}/colour', message: '1 validation errors:', traces: [] }],
} as unknown as Partial<RootCause>;
const run = (files: Record<string, string>, type = 'fastapi.exceptions.ResponseValidationError') =>
  candidatesOf(pythonEnumNameStored, {
    files: {
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app import routes\n\napp = FastAPI()\napp.include_router(routes.router)\n',
      'app/enums.py': enums,
      ...files,
    },
    cause,
    exception: { type, message: '1 validation errors:' },
  });

describe('python.enum-name-stored: only the first line of the response validation error', () => {
  it("stores the value where a service on the route's path assigns the member's name", async () => {
    const found = await run({ 'app/routes.py': router(VIA_SERVICE), 'app/tiles.py': service('colour.name') });
    expect(found.map((f) => f.changed['app/tiles.py'])).toEqual([service('colour.value')]);
  });

  it('does the same in the handler itself', async () => {
    const inline =
      'def recolour(tile_id: int, colour: Colour):\n    tile = load(tile_id)\n' +
      '    tile.colour = colour.name\n    return tile\n';
    const found = await run({ 'app/routes.py': router(inline), 'app/tiles.py': service('colour.value') });
    expect(found.map((f) => f.changed['app/routes.py'])).toEqual([
      router(inline.replace('colour.name', 'colour.value')),
    ]);
  });

  it('near miss: another exception, or a .name read that is not assigned', async () => {
    const files = { 'app/routes.py': router(VIA_SERVICE), 'app/tiles.py': service('colour.name') };
    expect(await run(files, 'KeyError')).toEqual([]);
    const logged = {
      'app/routes.py': router(VIA_SERVICE),
      'app/tiles.py': service('colour.value\n    log(colour.name)'),
    };
    expect(await run(logged)).toEqual([]);
  });
});
