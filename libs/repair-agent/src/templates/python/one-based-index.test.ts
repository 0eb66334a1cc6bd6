import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonOneBasedIndex } from './one-based-index.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 choir C3, as pytest reported it for row 5.
const range = { type: 'IndexError', message: 'string index out of range' };
const seat = (maximum: number, minimum = 1): ApiOperation => ({
  method: 'post',
  path: '/seating',
  endpoint: 'POST /seating',
  parameters: [{ name: 'day', in: 'query', required: true, schema: { type: 'integer', minimum, maximum } }],
  requestBody: {
    required: true,
    mediaType: 'application/json',
    schema: { type: 'object', properties: { row: { type: 'integer', minimum, maximum } } },
  },
  responses: [],
});

async function run(source: string, line: number, op: ApiOperation, exception = range) {
  const found = await candidatesOf(pythonOneBasedIndex, {
    files: { 'app/seating.py': source },
    culprit: { file: 'app/seating.py', line },
    exception,
    operation: op,
  });
  return found.map((c) => c.changed['app/seating.py']?.split('\n')[line - 1]);
}

describe('python.one-based-index', () => {
  it('takes one off a documented 1..N position indexing a constant of N items', async () => {
    const letters =
      'ROW_LETTERS = "ABCDE"\n\n\ndef seat_label(row: int, seat: int) -> str:\n' +
      '    return f"{ROW_LETTERS[row]}{seat}"\n';
    expect(await run(letters, 5, seat(5))).toEqual(['    return f"{ROW_LETTERS[row - 1]}{seat}"']);
    const days =
      'DAYS = ["mon", "tue", "wed"]\n\n\ndef plan(body, day: int):\n    return {"first": DAYS[day], "n": body.row}\n';
    expect(await run(days, 5, seat(3), { type: 'IndexError', message: 'list index out of range' })).toEqual([
      '    return {"first": DAYS[day - 1], "n": body.row}',
    ]);
  });

  it('reads the request field itself', async () => {
    const source = 'SECTIONS = ("front", "middle", "back")\n\n\ndef section(body):\n    return SECTIONS[body.row]\n';
    expect(await run(source, 5, seat(3))).toEqual(['    return SECTIONS[body.row - 1]']);
  });

  it('leaves a range that is 0-based or wider than the constant, and a local index, alone', async () => {
    const letters = 'ROW_LETTERS = "ABCDE"\n\n\ndef seat_label(row: int) -> str:\n    return ROW_LETTERS[row]\n';
    expect(await run(letters, 5, seat(6))).toEqual([]);
    expect(await run(letters, 5, seat(4, 0))).toEqual([]);
    const local =
      'ROW_LETTERS = "ABCDE"\n\n\ndef seat_label(seat) -> str:\n    row = seat.row\n    return ROW_LETTERS[row]\n';
    expect(await run(local, 6, seat(5))).toEqual([]);
  });
});
