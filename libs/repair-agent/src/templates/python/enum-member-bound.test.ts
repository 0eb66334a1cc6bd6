import { describe, expect, it } from 'vitest';
import { pythonEnumMemberBound } from './enum-member-bound.js';
import { candidatesOf } from './test-support/python-context.js';

const enums = `from enum import Enum


class Phase(Enum):
    open = "open"
    closed = "closed"
`;
const listing = `from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from app.enums import Phase
from app.models import Ticket

router = APIRouter()


@router.get("/tickets")
def list_tickets(phase: Phase | None = Query(default=None), db=Depends(get_db)):
    stmt = select(Ticket).order_by(Ticket.id)
    if phase is not None:
        stmt = stmt.where(Ticket.phase == phase)
    return db.scalars(stmt).all()
`;
const update = `from app.enums import Phase
from app.models import Ticket


def set_phase(db, ticket_id: int, payload):
    ticket = db.get(Ticket, ticket_id)
    new_phase = Phase(payload.phase.value)
    ticket.phase = new_phase
    if new_phase is Phase.open:
        ticket.reopened = True
    db.commit()
    return ticket
`;
const sqlite = "(sqlite3.ProgrammingError) Error binding parameter 1: type 'Phase' is not supported";

async function run(file: string, source: string, line: number, message = sqlite, enumSource = enums) {
  const found = await candidatesOf(pythonEnumMemberBound, {
    files: { 'app/enums.py': enumSource, [file]: source },
    culprit: { file, line },
    exception: { type: 'sqlalchemy.exc.ProgrammingError', message },
  });
  return found.map((c) => c.changed[file]);
}

describe('python.enum-member-bound', () => {
  it("compares a column with a query parameter's value", async () => {
    expect(await run('app/routers/tickets.py', listing, 15)).toEqual([
      listing.replace('Ticket.phase == phase)', 'Ticket.phase == phase.value)'),
    ]);
  });

  it("stores a member's value in an attribute, on psycopg too", async () => {
    expect(await run('app/services/tickets.py', update, 11, "can't adapt type 'Phase'")).toEqual([
      update.replace('ticket.phase = new_phase\n', 'ticket.phase = new_phase.value\n'),
    ]);
  });

  it('leaves an unguarded Optional, a python-side comparison, another type, a class that is no Enum', async () => {
    expect(await run('app/routers/tickets.py', listing.replace('    if phase is not None:\n    ', '    '), 14)).toEqual(
      [],
    );
    const pythonSide = update.replace('    ticket.phase = new_phase\n', '').replace(' is Phase.open', ' == Phase.open');
    expect(await run('app/services/tickets.py', pythonSide, 10)).toEqual([]);
    expect(
      await run('app/routers/tickets.py', listing, 15, "Error binding parameter 1: type 'Decimal' is not supported"),
    ).toEqual([]);
    expect(await run('app/routers/tickets.py', listing, 15, sqlite, enums.replace('(Enum)', '(BaseModel)'))).toEqual(
      [],
    );
  });
});
