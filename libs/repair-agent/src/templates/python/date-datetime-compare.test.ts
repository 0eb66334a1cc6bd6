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

  it("takes a stored datetime by its day in a difference with today's date (age in days)", async () => {
    const source =
      'from datetime import date\n\n\ndef age(graft):\n    return (date.today() - graft.grafted_at).days\n';
    const message = "unsupported operand type(s) for -: 'datetime.date' and 'datetime.datetime'";
    expect(await run(source, 5, message)).toEqual(['    return (date.today() - graft.grafted_at.date()).days']);
    // Another operand type error is not this one.
    expect(await run(source, 5, "unsupported operand type(s) for -: 'str' and 'int'")).toEqual([]);
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

  describe('#declared: two fields the project declares a datetime and a date', () => {
    const models =
      'from datetime import date, datetime\nfrom sqlalchemy.orm import Mapped, mapped_column\n\n\n' +
      'class Wheel(Base):\n    made_on: Mapped[date] = mapped_column(Date, nullable=False)\n\n\n' +
      'class Turning(Base):\n    turned_at: Mapped[datetime] = mapped_column(DateTime)\n';
    const schemas = 'class TurningCreate(BaseModel):\n    turned_at: datetime\n    note: str | None = None\n';
    const route =
      'async def log_turning(payload, wheel):\n    if payload.turned_at < wheel.made_on:\n        raise Bad()\n';
    async function declared(files: Record<string, string>, source: string) {
      const found = await candidatesOf(pythonDateDatetimeCompare, {
        files: { ...files, 'app/routes.py': source },
        culprit: { file: 'app/routes.py', line: 2 },
        exception: { type: 'TypeError', message: "can't compare datetime.datetime to datetime.date" },
      });
      return found.map((c) => c.changed['app/routes.py']?.split('\n')[1]);
    }

    it('compares the datetime by its day, whichever side it is on', async () => {
      const files = { 'app/models.py': models, 'app/schemas.py': schemas };
      expect(await declared(files, route)).toEqual(['    if payload.turned_at.date() < wheel.made_on:']);
      const flipped = route.replace('payload.turned_at < wheel.made_on', 'wheel.made_on > payload.turned_at');
      expect(await declared(files, flipped)).toEqual(['    if wheel.made_on > payload.turned_at.date():']);
    });

    it('reads Column(Date) declarations too', async () => {
      const legacy = 'class Wheel(Base):\n    made_on = Column(Date, nullable=False)\n';
      expect(await declared({ 'app/models.py': legacy, 'app/schemas.py': schemas }, route)).toEqual([
        '    if payload.turned_at.date() < wheel.made_on:',
      ]);
    });

    it('guesses nothing for a name declared both ways, or declared nowhere', async () => {
      const twoWays = schemas + '\n\nclass Other(BaseModel):\n    made_on: datetime\n';
      expect(await declared({ 'app/models.py': models, 'app/schemas.py': twoWays }, route)).toEqual([]);
      expect(await declared({ 'app/schemas.py': schemas }, route)).toEqual([]);
    });
  });
});
