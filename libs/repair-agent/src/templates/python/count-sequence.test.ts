import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonCountSequence } from './count-sequence.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = `@router.post("/tickets", status_code=201)
def open_ticket(payload: TicketCreate, db: Session = Depends(get_db)):
    opened = db.scalar(select(func.count(Ticket.id))) or 0
    reference = f"TK-{opened:05d}"
    ticket = Ticket(
        reference=reference,
        title=payload.title,
    )
    db.add(ticket)
    db.commit()
    return ticket
`;
const sqlite = '(sqlite3.IntegrityError) UNIQUE constraint failed: tickets.reference';

async function run(source: string, message = sqlite) {
  const line = source.split('\n').indexOf('    db.commit()') + 1;
  const found = await candidatesOf(pythonCountSequence, {
    files: { 'app/tickets.py': source },
    culprit: { file: 'app/tickets.py', line },
    exception: { type: 'sqlalchemy.exc.IntegrityError', message },
    cause: { kind: 'runtime_error' } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/tickets.py']);
}

describe('python.count-sequence', () => {
  it('numbers the new row after the rows counted, through a local', async () => {
    expect(await run(routes)).toEqual([routes.replace('f"TK-{opened:05d}"', 'f"TK-{opened + 1:05d}"')]);
  });

  it('numbers it in an f-string given straight to the column, on Postgres', async () => {
    const direct = routes
      .replace('    reference = f"TK-{opened:05d}"\n', '')
      .replace('reference=reference,', 'reference=f"TK/{opened}",');
    const pg =
      'duplicate key value violates unique constraint "uq_ref"\nDETAIL:  Key (reference)=(TK/3) already exists.';
    expect(await run(direct, pg)).toEqual([direct.replace('f"TK/{opened}"', 'f"TK/{opened + 1}"')]);
  });

  it('numbers it in a helper of the module that the column is given', async () => {
    const helper =
      'def _next_reference(db: Session) -> str:\n' +
      '    opened = db.scalar(select(func.count(Ticket.id))) or 0\n' +
      '    return f"TK-{opened:05d}"\n\n\n';
    const called =
      helper +
      routes
        .replace('    opened = db.scalar(select(func.count(Ticket.id))) or 0\n    reference = f"TK-{opened:05d}"\n', '')
        .replace('reference=reference,', 'reference=_next_reference(db),');
    expect(await run(called)).toEqual([called.replace('f"TK-{opened:05d}"', 'f"TK-{opened + 1:05d}"')]);
    expect(await run(called.replace('or 0\n', 'or 0\n    opened = opened + 1\n'))).toEqual([]);
    expect(
      await run(called.replace('    return f"TK', '    if opened:\n        return f"TK{opened}"\n    return f"TK')),
    ).toEqual([]);
  });

  it('leaves a count already offset, a number from elsewhere, another column', async () => {
    expect(await run(routes.replace('or 0\n', 'or 0\n    opened += 1\n'))).toEqual([]);
    expect(await run(routes.replace('db.scalar(select(func.count(Ticket.id))) or 0', 'next_number(db)'))).toEqual([]);
    expect(await run(routes, 'UNIQUE constraint failed: tickets.title')).toEqual([]);
  });
});
