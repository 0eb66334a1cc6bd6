import type { RootCause } from '../../types.js';
import { describe, expect, it } from 'vitest';
import { pythonCapacityBound } from './capacity-bound.js';
import { candidatesOf } from './test-support/python-context.js';

const router =
  'from fastapi import APIRouter\n' +
  'from app import service\n' +
  '\n' +
  'router = APIRouter()\n' +
  '\n' +
  '\n' +
  '@router.post("/bookings", status_code=201)\n' +
  'async def create_booking(data, db):\n' +
  '    return await service.create_booking(db, data)\n';
const main =
  'from fastapi import FastAPI\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router)\n';
const test =
  'def test_full(client):\n' +
  '    r = client.post("/bookings", json={"run": "B1"})\n' +
  '    assert r.status_code == 409, r.text\n';

/** A service whose check is `check` (indented in the function body) followed by `then`. */
function service(check: string, then = '        raise conflict(f"run {run.code} is full")') {
  return (
    'from app.errors import conflict\n\n\nasync def create_booking(db, data):\n' +
    '    run = find_run(db, data.run)\n    booked = count_taken(db, run.id)\n' +
    `    ${check}\n${then}\n    return save(db, data)\n`
  );
}

/** The failing test `tests/test_b.py::test_full`, its assertion at `assertLine`, as pytest reports it. */
function testCause(assertLine = 3): Partial<RootCause> {
  return {
    kind: 'test_failure',
    endpoints: ['POST /bookings'],
    violations: [
      { nodeid: 'tests/test_b.py::test_full', endpoint: 'POST /bookings' },
    ] as unknown as RootCause['violations'],
    trace: { frames: [{ file: 'tests/test_b.py', line: assertLine, inApp: true }] } as unknown as RootCause['trace'],
  };
}

async function run(svc: string, cause = testCause(), testSource = test) {
  const found = await candidatesOf(pythonCapacityBound, {
    files: { 'app/main.py': main, 'app/routes.py': router, 'app/service.py': svc, 'tests/test_b.py': testSource },
    exception: { type: 'AssertionError', message: '{"id": 7}' },
    cause,
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.capacity-bound', () => {
  it('refuses once the count reaches the capacity, in a service the handler calls', async () => {
    const svc = service('if booked > run.capacity:');
    expect(await run(svc)).toEqual([svc.replace('booked > run.capacity', 'booked >= run.capacity')]);
  });

  it('does the same for a smoke that expected the documented 409, on a max_ bound', async () => {
    const svc = service(
      'if len(taken) > settings.max_guests:',
      '        raise HTTPException(status_code=409, detail="full")',
    );
    const cause: Partial<RootCause> = {
      kind: 'status_mismatch',
      endpoints: ['POST /bookings'],
      violations: [
        { endpoint: 'POST /bookings', expectedStatus: 409, actualStatus: 201 },
      ] as unknown as RootCause['violations'],
    };
    expect(await run(svc, cause)).toEqual([svc.replace('> settings', '>= settings')]);
  });

  it('leaves an adjusted count, another bound, another refusal and another expectation alone', async () => {
    expect(await run(service('if booked + 1 > run.capacity:'))).toEqual([]);
    expect(await run(service('if booked >= run.capacity:'))).toEqual([]);
    expect(await run(service('if data.nights > run.nights:'))).toEqual([]);
    // A measure against its maximum is not a count of places taken: equal is allowed.
    expect(await run(service('if data.length > run.max_length:'))).toEqual([]);
    expect(await run(service('if booked > run.capacity:', '        raise bad_request("too many")'))).toEqual([]);
    const wants404 = test.replace('== 409', '== 404');
    expect(await run(service('if booked > run.capacity:'), testCause(), wants404)).toEqual([]);
  });
});
