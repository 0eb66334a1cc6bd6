import { describe, expect, it } from 'vitest';
import { pythonModelKeyword } from './model-keyword.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = `from datetime import datetime

from pydantic import BaseModel


class VenueOut(BaseModel):
    id: int
    name: str
    created_at: datetime


class VenueDetail(VenueOut):
    upcoming_events: int


class Slot(BaseModel):
    start_time: datetime
    seats: int
`;

async function run(body: string, line: number, model: string) {
  const route = `from dataclasses import asdict\n\nfrom app.schemas import Slot, VenueDetail\n\n\n${body}`;
  const found = await candidatesOf(pythonModelKeyword, {
    files: { 'app/schemas.py': schemas, 'app/routes.py': route },
    culprit: { file: 'app/routes.py', line },
    exception: { type: 'ValidationError', message: `1 validation error for ${model}` },
  });
  return found.map((c) => c.changed['app/routes.py']?.split('\n')[line - 1]);
}

describe('python.model-keyword', () => {
  it('renames a stray keyword to the inherited required field it stands for', async () => {
    const body =
      'async def get_venue(venue, upcoming: int):\n' +
      '    return VenueDetail(**asdict(venue), upcoming_event_count=upcoming)\n';
    expect(await run(body, 7, 'VenueDetail')).toEqual([
      '    return VenueDetail(**asdict(venue), upcoming_events=upcoming)',
    ]);
  });

  it('renames a moment keyword written another way in a multi-line call', async () => {
    const body = 'def slot(row):\n    return Slot(\n        starts_at=row.begin,\n        seats=row.seats,\n    )\n';
    const found = await candidatesOf(pythonModelKeyword, {
      files: { 'app/schemas.py': schemas, 'app/routes.py': `from app.schemas import Slot\n\n\n${body}` },
      culprit: { file: 'app/routes.py', line: 5 },
      exception: { type: 'pydantic_core._pydantic_core.ValidationError', message: '1 validation error for Slot' },
    });
    expect(found[0]?.changed['app/routes.py']).toContain('        start_time=row.begin,\n');
  });

  it('leaves a call whose keywords are all fields alone (the value itself is invalid)', async () => {
    const body = 'def slot(row):\n    return Slot(start_time=row.begin, seats="many")\n';
    expect(await run(body, 7, 'Slot')).toEqual([]);
  });
});
