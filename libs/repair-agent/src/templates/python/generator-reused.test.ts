import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonGeneratorReused } from './generator-reused.js';
import { candidatesOf } from './test-support/python-context.js';

const ENDPOINT = 'GET /orchards/{orchard_id}/yield';
const router = (body: string) => `from fastapi import APIRouter, Depends

from app.services import harvests

router = APIRouter(prefix="/orchards")


@router.get("/{orchard_id}/yield")
def orchard_yield(orchard_id: int, db=Depends(get_db)):
${body}
`;
const service = (picked: string, after = '') => `def picked_summary(db, orchard_id):
    crates = db.query(Crate).filter(Crate.orchard_id == orchard_id).all()
    ${picked}
${after}    count = sum(1 for _ in picked)
    weight = sum(c.kilos for c in picked)
    return {"crates": len(crates), "picked": count, "kilos": weight}
`;
const HANDLER = '    return harvests.picked_summary(db, orchard_id)';

async function run(routes: string, services: string, exception?: string) {
  const found = await candidatesOf(pythonGeneratorReused, {
    files: { 'app/routers/orchards.py': routes, 'app/services/harvests.py': services },
    cause: {
      kind: 'test_failure',
      endpoints: [ENDPOINT],
      violations: [{ endpoint: ENDPOINT, kind: 'test_failure' }],
    } as unknown as Partial<RootCause>,
    ...(exception ? { exception: { type: exception, message: 'boom' } } : {}),
  });
  return found.map((c) => c.changed);
}

describe('python.generator-reused', () => {
  it('binds a list where a service the handler calls sums a generator expression twice', async () => {
    const wrong = 'picked = (c for c in crates\n              if c.state == "picked")';
    const right = 'picked = [c for c in crates\n              if c.state == "picked"]';
    expect(await run(router(HANDLER), service(wrong))).toEqual([{ 'app/services/harvests.py': service(right) }]);
  });

  it('wraps a filter(...) the handler itself iterates in a loop and then hands to any()', async () => {
    const body = (ripe: string) => `    rows = harvests.rows(db, orchard_id)
    ripe = ${ripe}
    names = []
    for row in ripe:
        names.append(row.variety)
    return {"names": names, "bruised": any(ripe)}`;
    expect(
      await run(router(body('filter(lambda r: r.ripe, rows)')), 'def rows(db, orchard_id):\n    return []\n'),
    ).toEqual([{ 'app/routers/orchards.py': router(body('list(filter(lambda r: r.ripe, rows))')) }]);
  });

  it('leaves a generator consumed once, one rebound between its uses, a list, and a crash', async () => {
    const once = `def picked_summary(db, orchard_id):
    picked = (c for c in db.query(Crate) if c.state == "picked")
    return {"kilos": sum(c.kilos for c in picked)}
`;
    expect(await run(router(HANDLER), once)).toEqual([]);
    const rebound = service(
      'picked = (c for c in crates if c.state == "picked")',
      '    first = list(picked)\n    picked = (c for c in crates if c.state == "picked")\n',
    ).replace('    count = sum(1 for _ in picked)\n', '');
    expect(await run(router(HANDLER), rebound)).toEqual([]);
    expect(await run(router(HANDLER), service('picked = [c for c in crates if c.state == "picked"]'))).toEqual([]);
    const wrong = service('picked = (c for c in crates if c.state == "picked")');
    expect(await run(router(HANDLER), wrong, 'ZeroDivisionError')).toEqual([]);
  });
});
