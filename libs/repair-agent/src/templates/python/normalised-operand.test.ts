import { describe, expect, it } from 'vitest';
import { pythonNormalisedOperand } from './normalised-operand.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

const compare = { type: 'TypeError', message: "can't compare offset-naive and offset-aware datetimes" };
const clock = [
  'from datetime import datetime, timezone',
  '',
  '',
  'def naive_utc(value):',
  '    if value.tzinfo is not None:',
  '        value = value.astimezone(timezone.utc).replace(tzinfo=None)',
  '    return value',
  '',
  '',
  'def parse_stamp(value):',
  '    return datetime.fromisoformat(value)',
  '',
].join('\n');
const service = (normalise: string, compared: string) =>
  [
    'from datetime import datetime',
    '',
    'from app.clock import naive_utc, parse_stamp',
    '',
    '',
    'def book(payload, now):',
    `    starts = ${normalise}(payload.starts_at)`,
    `    if ${compared} <= now:`,
    '        raise ValueError("in the past")',
    '    return {"starts_at": starts}',
    '',
  ].join('\n');
const run = (source: string, message = compare) =>
  allCandidates(
    pythonNormalisedOperand,
    templateContext(
      { 'app/clock.py': clock, 'app/service.py': source },
      { culprit: { file: 'app/service.py', line: 8 }, exception: message },
    ),
    'app/service.py',
  );

describe('python.normalised-operand', () => {
  it('compares the local the function normalised the value into, not the raw value', async () => {
    const found = await run(service('naive_utc', 'payload.starts_at'));
    expect(found.map((c) => c.key)).toEqual(['python.normalised-operand']);
    expect(found[0]!.source).toBe(service('naive_utc', 'starts'));
  });

  it('reads the right operand of a subtraction too', async () => {
    const source = service('naive_utc', 'payload.starts_at').replace(
      'if payload.starts_at <= now:',
      'if (now - payload.starts_at).days > 1:',
    );
    const subtract = { type: 'TypeError', message: "can't subtract offset-naive and offset-aware datetimes" };
    const found = await run(source, subtract);
    expect(found[0]!.source).toBe(source.replace('(now - payload.starts_at)', '(now - starts)'));
  });

  it('leaves a local made by a function that handles no zone, and one assigned again', async () => {
    expect(await run(service('parse_stamp', 'payload.starts_at'))).toEqual([]);
    const again = service('naive_utc', 'payload.starts_at').replace(
      '    if payload',
      '    starts = payload.starts_at\n    if payload',
    );
    expect(
      await allCandidates(
        pythonNormalisedOperand,
        templateContext(
          { 'app/clock.py': clock, 'app/service.py': again },
          { culprit: { file: 'app/service.py', line: 9 }, exception: compare },
        ),
        'app/service.py',
      ),
    ).toEqual([]);
  });
});
