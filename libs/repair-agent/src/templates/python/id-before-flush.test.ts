import { describe, expect, it } from 'vitest';
import { pythonIdBeforeFlush } from './id-before-flush.js';
import { candidatesOf } from './test-support/python-context.js';

const formatted = { type: 'TypeError', message: 'unsupported format string passed to NoneType.__format__' };
const added = { type: 'TypeError', message: "unsupported operand type(s) for +: 'NoneType' and 'int'" };

// A reference built from the id the INSERT is to give the order, read right after the add.
const orders = [
  '@router.post("", status_code=201)',
  'def create_order(payload: OrderCreate, db: Session = Depends(get_db)):',
  '    order = Order(customer=payload.customer, reference="")',
  '    db.add(order)',
  '    order.reference = f"SO-{order.id:05d}"',
  '    db.commit()',
  '    db.refresh(order)',
  '    return order',
  '',
].join('\n');

async function run(source: string, line: number, exception = formatted) {
  const found = await candidatesOf(pythonIdBeforeFlush, {
    files: { 'app/orders.py': source },
    culprit: { file: 'app/orders.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/orders.py']);
}

describe('python.id-before-flush', () => {
  it('flushes the added record before a line formats its database-given id', async () => {
    expect(await run(orders, 5)).toEqual([
      orders.replace('    db.add(order)\n', '    db.add(order)\n    db.flush()\n'),
    ]);
  });

  it('awaits the flush of an async session, for an id computed with after other adds', async () => {
    const tickets = [
      'async def issue(payload, session: AsyncSession = Depends(get_session)):',
      '    ticket = Ticket(name=payload.name)',
      '    session.add(ticket)',
      '    session.add(AuditEntry(kind="issue"))',
      '    ticket.code = "T" + str(ticket.id + 1000)',
      '    await session.commit()',
      '    return ticket',
      '',
    ].join('\n');
    expect(await run(tickets, 5, added)).toEqual([
      tickets.replace('    session.add(ticket)\n', '    session.add(ticket)\n    await session.flush()\n'),
    ]);
  });

  it("leaves a record flushed before the read, another object's id and another NoneType error", async () => {
    const flushed = orders.replace('    db.add(order)\n', '    db.add(order)\n    db.flush()\n');
    expect(await run(flushed, 6)).toEqual([]);
    const other = orders.replace('{order.id:05d}', '{payload.customer.id:05d}');
    expect(await run(other, 5)).toEqual([]);
    const text = orders.replace('order.reference = f"SO-{order.id:05d}"', 'order.reference = f"SO-{order.ide}"');
    expect(await run(text, 5)).toEqual([]);
    expect(await run(orders, 5, { type: 'TypeError', message: "'NoneType' object is not subscriptable" })).toEqual([]);
  });

  // The record added only after the read: the add moves up before it, with the flush.
  const service = [
    'def create_order(db: Session, payload: OrderCreate) -> Order:',
    '    order = Order(',
    '        buyer=payload.buyer,',
    '    )',
    '    order.reference = f"SF-{order.id:05d}"',
    '    db.add(order)',
    '    db.commit()',
    '    return order',
    '',
  ].join('\n');

  it('adds and flushes a record added only after the line reading its id', async () => {
    expect(await run(service, 5)).toEqual([
      service.replace(
        '    order.reference = f"SF-{order.id:05d}"\n    db.add(order)\n',
        '    db.add(order)\n    db.flush()\n    order.reference = f"SF-{order.id:05d}"\n',
      ),
    ]);
  });

  it('moves an async session add up past other statements, the flush awaited', async () => {
    const tickets = [
      'async def issue(payload, session: AsyncSession = Depends(get_session)):',
      '    ticket = Ticket(name=payload.name)',
      '    ticket.code = "T" + str(ticket.id + 1000)',
      '    ticket.name = payload.name.strip()',
      '    session.add(ticket)',
      '    await session.commit()',
      '    return ticket',
      '',
    ].join('\n');
    expect(await run(tickets, 3, added)).toEqual([
      [
        'async def issue(payload, session: AsyncSession = Depends(get_session)):',
        '    ticket = Ticket(name=payload.name)',
        '    session.add(ticket)',
        '    await session.flush()',
        '    ticket.code = "T" + str(ticket.id + 1000)',
        '    ticket.name = payload.name.strip()',
        '    await session.commit()',
        '    return ticket',
        '',
      ].join('\n'),
    ]);
  });

  it('leaves a later add of a record the function did not build, or one after a commit', async () => {
    const loaded = service.replace(
      '    order = Order(\n        buyer=payload.buyer,\n    )\n',
      '    order = load(db)\n',
    );
    expect(await run(loaded, 3)).toEqual([]);
    const committed = service.replace('    db.add(order)\n    db.commit()\n', '    db.commit()\n    db.add(order)\n');
    expect(await run(committed, 5)).toEqual([]);
    const nested = service.replace('    db.add(order)\n', '    if payload.buyer:\n        db.add(order)\n');
    expect(await run(nested, 5)).toEqual([]);
  });
});
