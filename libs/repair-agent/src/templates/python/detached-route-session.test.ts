import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonDetachedRouteSession } from './detached-route-session.js';
import { candidatesOf } from './test-support/python-context.js';

// The report of a test-command run: the exception keeps the first line, the request's excerpt the errors.
const excerpt =
  "{'ctx': {'error': 'DetachedInstanceError: Instance <Booking at 0x7f3a1c2b9d50> is not bound to a Session; " +
  "attribute refresh operation cannot proceed'}, 'loc': ('response', 'id'), 'type': 'get_attribute_error'}";
const exception = { type: 'fastapi.exceptions.ResponseValidationError', message: '6 validation errors:' };

function cause(text = excerpt): Partial<RootCause> {
  return {
    kind: 'test_failure',
    endpoints: ['POST /api/bookings'],
    violations: [{ endpoint: 'tests/test_bookings.py::test_create', message: 'failed', responseExcerpt: text }],
  } as unknown as Partial<RootCause>;
}

const database =
  'from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker(bind=engine)\n\n\n' +
  'def get_session():\n    session = SessionLocal()\n    try:\n        yield session\n    finally:\n' +
  '        session.close()\n';

const router = (create: string, sibling = true) =>
  'from fastapi import APIRouter, Depends\nfrom sqlalchemy.orm import Session\n\n' +
  'from app.database import SessionLocal, get_session\nfrom app.services import bookings as service\n\n' +
  'router = APIRouter(prefix="/api/bookings")\n\n\n' +
  (sibling
    ? '@router.get("/{booking_id}")\ndef read_booking(booking_id: int, db: Session = Depends(get_session)):\n' +
      '    return service.find(db, booking_id)\n\n\n'
    : '') +
  `@router.post("", status_code=201)\n${create}`;

async function run(create: string, options: { sibling?: boolean; text?: string } = {}) {
  const found = await candidatesOf(pythonDetachedRouteSession, {
    files: { 'app/database.py': database, 'app/routers/bookings.py': router(create, options.sibling ?? true) },
    exception,
    cause: cause(options.text),
  });
  return found.map((c) => ({ key: c.key, file: c.changed['app/routers/bookings.py'] }));
}

describe('python.detached-route-session', () => {
  const handler =
    'def create_booking(payload: BookingIn):\n    with SessionLocal() as db:\n' +
    '        booking = service.open_booking(db, payload)\n    return booking\n';

  it("takes the request's session its sibling routes take, keeping the block's statements", async () => {
    const found = await run(handler);
    expect(found[0]).toEqual({
      key: 'python.detached-route-session#request-session',
      file: router(
        'def create_booking(payload: BookingIn, db: Session = Depends(get_session)):\n' +
          '    booking = service.open_booking(db, payload)\n    return booking\n',
      ),
    });
    // The expired object (attribute refresh) also gets the refresh inside the block, as the next candidate.
    expect(found[1]).toEqual({
      key: 'python.detached-route-session#refresh',
      file: router(
        'def create_booking(payload: BookingIn):\n    with SessionLocal() as db:\n' +
          '        booking = service.open_booking(db, payload)\n        db.refresh(booking)\n        return booking\n',
      ),
    });
  });

  it('adds the parameter to an exploded signature and keeps the error mapping', async () => {
    const exploded =
      'def create_booking(\n    payload: BookingIn,\n    notify: bool = False\n):\n' +
      '    with SessionLocal() as db:\n        if service.taken(db, payload):\n' +
      '            raise HTTPException(status_code=409, detail="taken")\n' +
      '        booking = service.open_booking(db, payload)\n    return booking\n';
    const [first] = await run(exploded);
    expect(first!.file).toBe(
      router(
        'def create_booking(\n    payload: BookingIn,\n    notify: bool = False,\n' +
          '    db: Session = Depends(get_session),\n):\n    if service.taken(db, payload):\n' +
          '        raise HTTPException(status_code=409, detail="taken")\n' +
          '    booking = service.open_booking(db, payload)\n    return booking\n',
      ),
    );
  });

  it('refreshes the committed object inside the block when no sibling route takes a session', async () => {
    const committed =
      'def create_booking(payload: BookingIn):\n    with SessionLocal() as session:\n' +
      '        booking = Booking(**payload.model_dump())\n        session.add(booking)\n' +
      '        session.commit()\n\n    return booking\n';
    expect(await run(committed, { sibling: false, text: 'DetachedInstanceError: Instance <Booking at 0x1>' })).toEqual([
      {
        key: 'python.detached-route-session#refresh',
        file: router(
          'def create_booking(payload: BookingIn):\n    with SessionLocal() as session:\n' +
            '        booking = Booking(**payload.model_dump())\n        session.add(booking)\n' +
            '        session.commit()\n        session.refresh(booking)\n        return booking\n',
          false,
        ),
      },
    ]);
  });

  it('leaves a handler already taking the session, a block returning inside, other evidence alone', async () => {
    const injected =
      'def create_booking(payload: BookingIn, db: Session = Depends(get_session)):\n' +
      '    with SessionLocal() as other:\n        booking = service.open_booking(other, payload)\n' +
      '        other.commit()\n    return booking\n';
    expect(await run(injected)).toEqual([]);
    const inside =
      'def create_booking(payload: BookingIn):\n    with SessionLocal() as db:\n' +
      '        booking = service.open_booking(db, payload)\n        return booking\n';
    expect(await run(inside)).toEqual([]);
    expect(await run(handler, { text: "'type': 'missing', 'loc': ('response', 'id')" })).toEqual([]);
  });
});
