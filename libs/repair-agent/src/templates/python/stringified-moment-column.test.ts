import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonStringifiedMomentColumn } from './stringified-moment-column.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from datetime import date, datetime

from sqlalchemy import Date, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column


class Voyage(Base):
    __tablename__ = "voyages"
    id: Mapped[int] = mapped_column(primary_key=True)
    vessel: Mapped[str] = mapped_column(String(80))
    sails_on: Mapped[date] = mapped_column(Date, nullable=False)
    logged_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
`;

const service = `from app.models import Voyage


def book_voyage(db, payload):
    voyage = Voyage(
        vessel=payload.vessel.strip(),
        sails_on=payload.sails_on.isoformat(),
        logged_at=payload.logged_at,
    )
    db.add(voyage)
    db.commit()
    return voyage
`;

const dateMessage = '(builtins.TypeError) SQLite Date type only accepts Python date objects as input.';

async function run(code: string, message = dateMessage) {
  const found = await candidatesOf(pythonStringifiedMomentColumn, {
    files: { 'app/models.py': models, 'app/service.py': code },
    culprit: { file: 'app/service.py', line: code.split('\n').findIndex((l) => l.includes('db.commit()')) + 1 },
    exception: { type: 'sqlalchemy.exc.StatementError', message },
    cause: { kind: 'runtime_error' } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.stringified-moment-column', () => {
  it('stores the date itself where the constructor was given its isoformat() text', async () => {
    expect(await run(service)).toEqual([
      service.replace('sails_on=payload.sails_on.isoformat(),', 'sails_on=payload.sails_on,'),
    ]);
  });

  it('drops a strftime(...) of a datetime assigned to a DateTime column attribute', async () => {
    const assigned = `from app.models import Voyage


def reschedule(db, voyage_id, stamp):
    voyage = db.get(Voyage, voyage_id)
    voyage.logged_at = stamp.strftime("%Y-%m-%d %H:%M")
    db.commit()
    return voyage
`;
    const message = '(builtins.TypeError) SQLite DateTime type only accepts Python datetime objects as input.';
    expect(await run(assigned, message)).toEqual([
      assigned.replace('voyage.logged_at = stamp.strftime("%Y-%m-%d %H:%M")', 'voyage.logged_at = stamp'),
    ]);
  });

  it("builds the model from the Python-mode dump where pydantic's JSON mode turned the dates into text", async () => {
    const dumped = `from app.models import Voyage


def book_voyage(db, payload):
    voyage = Voyage(**payload.model_dump(mode="json"))
    db.add(voyage)
    db.commit()
    return voyage
`;
    expect(await run(dumped)).toEqual([dumped.replace('model_dump(mode="json")', 'model_dump()')]);
    const excluding = dumped.replace('model_dump(mode="json")', 'model_dump(mode="json", exclude={"crew"})');
    expect(await run(excluding)).toEqual([dumped.replace('model_dump(mode="json")', 'model_dump(exclude={"crew"})')]);
    // A JSON dump handed to something that is no model of the function's: not this.
    expect(await run(dumped.replace('Voyage(**', 'Other(**'))).toEqual([]);
  });

  it('leaves str(...) text, a column of another type than the message names, and two such values', async () => {
    expect(await run(service.replace('payload.sails_on.isoformat()', 'str(payload.sails_on)'))).toEqual([]);
    const message = '(builtins.TypeError) SQLite DateTime type only accepts Python datetime objects as input.';
    expect(await run(service, message)).toEqual([]);
    const two = service.replace(
      '    db.add(voyage)\n',
      '    voyage.sails_on = payload.sails_on.isoformat()\n    db.add(voyage)\n',
    );
    expect(await run(two)).toEqual([]);
  });
  // The handler's commit flushes what a service it called set: the value is found one call deep.
  const handler = `from app.services import voyages as voyage_service


def close_voyage(voyage_id, db):
    voyage = voyage_service.close(db.get(Voyage, voyage_id))
    db.commit()
    return voyage
`;
  const closing = (value: string) =>
    'from datetime import datetime\n\n\ndef close(voyage: Voyage) -> Voyage:\n' +
    `    voyage.sails_on = ${value}\n    return voyage\n`;
  async function runCalled(value: string) {
    const found = await candidatesOf(pythonStringifiedMomentColumn, {
      files: { 'app/models.py': models, 'app/routes.py': handler, 'app/services/voyages.py': closing(value) },
      culprit: { file: 'app/routes.py', line: 6 },
      exception: { type: 'sqlalchemy.exc.StatementError', message: dateMessage },
      cause: { kind: 'runtime_error' } as Partial<RootCause>,
    });
    return found.map((c) => c.changed['app/services/voyages.py']);
  }

  it("keeps the day of a datetime 'now' stringified for a Date column, in a service the handler called", async () => {
    expect(await runCalled('datetime.now().strftime("%Y-%m-%d")')).toEqual([closing('datetime.now().date()')]);
    expect(await runCalled('datetime.now(timezone.utc).isoformat()')).toEqual([
      closing('datetime.now(timezone.utc).date()'),
    ]);
    expect(await runCalled('payload.closed_on.isoformat()')).toEqual([closing('payload.closed_on')]);
  });

  it('leaves a called function whose value is str(...) text', async () => {
    expect(await runCalled('str(datetime.now().date())')).toEqual([]);
  });
});
