import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { isoFormat, pythonStrptimeRefused } from './strptime-refused.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = (format: string) => `from datetime import datetime

from fastapi import APIRouter, HTTPException

router = APIRouter()


@router.post("/readings", status_code=201)
def add_reading(payload: ReadingCreate):
    return record(payload)


def record(payload):
    try:
        taken = datetime.strptime(payload.taken_on, ${format}).date()
    except ValueError:
        raise HTTPException(status_code=422, detail=f"taken_on {payload.taken_on!r} is not a valid date")
    return {"taken_on": taken.isoformat()}
`;
const operation = (taken: Record<string, unknown>): ApiOperation => ({
  method: 'post',
  path: '/readings',
  endpoint: 'POST /readings',
  parameters: [],
  requestBody: {
    required: true,
    mediaType: 'application/json',
    schema: { type: 'object', properties: { taken_on: taken, value: { type: 'number' } } },
    example: { taken_on: '2031-03-05', value: 4.5 },
  },
  responses: [{ status: '201', mediaTypes: ['application/json'] }],
});
const refusal = (excerpt: string) =>
  ({ expectedStatus: 201, actualStatus: 422, responseExcerpt: excerpt, endpoint: 'POST /readings' }) as Violation;
const ISO = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const run = (
  files: Record<string, string>,
  op = operation(ISO),
  excerpt = `{"detail":"taken_on '2031-03-05' is not a valid date"}`,
) =>
  candidatesOf(pythonStrptimeRefused, {
    files,
    operation: op,
    cause: { kind: 'status_mismatch', violations: [refusal(excerpt)], endpoints: ['POST /readings'] },
  });

describe('python.strptime-refused', () => {
  it('parses the documented date with its parts in order, keeping the except', async () => {
    const found = await run({ 'app/readings.py': routes('"%d/%m/%Y"') });
    expect(found.map((f) => f.changed['app/readings.py'])).toEqual([routes('"%Y-%m-%d"')]);
  });

  it('rewrites a module-level format constant', async () => {
    const files = { 'app/formats.py': 'DAY_FORMAT = "%m.%d.%Y"\n', 'app/readings.py': routes('DAY_FORMAT') };
    const found = await run(files);
    expect(found.map((f) => f.changed['app/formats.py'])).toEqual(['DAY_FORMAT = "%Y-%m-%d"\n']);
  });

  it('leaves a format that reads the example, an answer about another field, an undocumented format', async () => {
    expect(await run({ 'app/readings.py': routes('"%Y-%m-%d"') })).toEqual([]);
    expect(await run({ 'app/readings.py': routes('"%d/%m/%Y"') }, operation(ISO), '{"detail":"value"}')).toEqual([]);
    expect(await run({ 'app/readings.py': routes('"%d/%m/%Y"') }, operation({ type: 'string' }))).toEqual([]);
  });

  it('orders only numeric date and time directives, each once', () => {
    expect(isoFormat('2031-03-05T19:00', '%H:%M %d/%m/%Y')).toBe('%Y-%m-%dT%H:%M');
    expect(isoFormat('2031-03-05', '%d %b %Y')).toBeNull();
    expect(isoFormat('2031-03', '%d/%m/%Y')).toBeNull();
  });
});
