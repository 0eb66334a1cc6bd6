import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonStrptimeFormat, reformat } from './strptime-format.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 choir C7, as pytest reported it.
const mismatch = { type: 'ValueError', message: "time data '2031-03-05T19:00' does not match format '%Y-%m-%d %H:%M'" };
const body = (example: string): ApiOperation => ({
  method: 'post',
  path: '/rehearsals',
  endpoint: 'POST /rehearsals',
  parameters: [],
  requestBody: {
    required: true,
    mediaType: 'application/json',
    schema: { type: 'object', properties: { starts_at: { type: 'string', examples: [example] } } },
  },
  responses: [],
});

async function run(
  files: Record<string, string>,
  file: string,
  line: number,
  op: ApiOperation | null = body('2031-03-05T19:00'),
  exception = mismatch,
) {
  const found = await candidatesOf(pythonStrptimeFormat, {
    files,
    culprit: { file, line },
    exception,
    ...(op ? { operation: op } : {}),
  });
  return found.map((c) => c.changed);
}

describe('python.strptime-format', () => {
  it("puts the text's separators between the same directives", () => {
    expect(reformat('2031-03-05T19:00', '%Y-%m-%d %H:%M')).toBe('%Y-%m-%dT%H:%M');
    expect(reformat('05/03/2031', '%d-%m-%Y')).toBe('%d/%m/%Y');
    expect(reformat('05/03/2031', '%Y-%m-%d')).toBeNull();
    expect(reformat('2031-03-05', '%Y-%m-%d %H:%M')).toBeNull();
    expect(reformat('March 5, 2031', '%B %d, %Y')).toBeNull();
  });

  it('rewrites the module constant the parse reads', async () => {
    const dates =
      'from datetime import datetime\n\nSTARTS_AT_FORMAT = "%Y-%m-%d %H:%M"\n\n\n' +
      'def parse_starts_at(value: str) -> datetime:\n' +
      '    return datetime.strptime(value, STARTS_AT_FORMAT)\n';
    expect(await run({ 'app/helpers/dates.py': dates }, 'app/helpers/dates.py', 7)).toEqual([
      { 'app/helpers/dates.py': dates.replace('"%Y-%m-%d %H:%M"', '"%Y-%m-%dT%H:%M"') },
    ]);
  });

  it('rewrites a literal format on the culprit line', async () => {
    const source =
      "import datetime\n\n\ndef due(body):\n    return datetime.datetime.strptime(body.due, '%d-%m-%Y').date()\n";
    const slash = { type: 'ValueError', message: "time data '05/03/2031' does not match format '%d-%m-%Y'" };
    expect(await run({ 'app/loans.py': source }, 'app/loans.py', 5, body('05/03/2031'), slash)).toEqual([
      { 'app/loans.py': source.replace("'%d-%m-%Y'", "'%d/%m/%Y'") },
    ]);
  });

  it('changes nothing the contract does not document, or without a contract', async () => {
    const dates =
      'from datetime import datetime\n\nFMT = "%Y-%m-%d %H:%M"\n\n\ndef parse(value):\n' +
      '    return datetime.strptime(value, FMT)\n';
    expect(await run({ 'app/dates.py': dates }, 'app/dates.py', 7, body('2031-03-05 19:00'))).toEqual([]);
    expect(await run({ 'app/dates.py': dates }, 'app/dates.py', 7, null)).toEqual([]);
  });
});
