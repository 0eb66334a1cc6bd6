import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPathParamName } from './path-param-name.js';
import { candidatesOf } from './test-support/python-context.js';

const endpoint = 'GET /api/farmers/{farmer_id}/statement';
async function run(routes: string, actualStatus = 422, extra: Record<string, string> = {}) {
  const found = await candidatesOf(pythonPathParamName, {
    files: { 'app/statements.py': routes, ...extra },
    cause: {
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, actualStatus, expectedStatus: 200 }],
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/statements.py']);
}

const routes = `from fastapi import APIRouter, Depends, HTTPException

router = APIRouter(prefix="/api/farmers")


@router.get("/{farmer_id}/statement", response_model=Statement)
def farmer_statement(id: int, db: Session = Depends(get_db)):
    if db.get(Farmer, id) is None:
        raise HTTPException(404, detail=f"Farmer {id} not found: no id")
    return build_statement(db, owner=id, crop=None)
`;

describe('python.path-param-name', () => {
  it("renames the query-read parameter after the path's, in the signature, reads and f-string fields", async () => {
    expect(await run(routes)).toEqual([
      routes
        .replace('def farmer_statement(id: int,', 'def farmer_statement(farmer_id: int,')
        .replace('db.get(Farmer, id)', 'db.get(Farmer, farmer_id)')
        .replace('f"Farmer {id} not found: no id"', 'f"Farmer {farmer_id} not found: no id"')
        .replace('owner=id,', 'owner=farmer_id,'),
    ]);
  });

  it('renames where a call spread over lines passes id= as a keyword (no reassignment of the parameter)', async () => {
    const spread = routes.replace(
      '    return build_statement(db, owner=id, crop=None)\n',
      '    return Statement(\n        id=id,\n        crop=None,\n    )\n',
    );
    expect(await run(spread)).toEqual([
      spread
        .replace('def farmer_statement(id: int,', 'def farmer_statement(farmer_id: int,')
        .replace('db.get(Farmer, id)', 'db.get(Farmer, farmer_id)')
        .replace('f"Farmer {id} not found: no id"', 'f"Farmer {farmer_id} not found: no id"')
        .replace('        id=id,', '        id=farmer_id,'),
    ]);
  });

  it('leaves a parameter with a default or a marker, a path the handler reads, and another status', async () => {
    expect(await run(routes.replace('(id: int,', '(id: int = Query(...),'))).toEqual([]);
    expect(await run(routes.replace('(id: int,', '(farmer_id: int, id: int,'))).toEqual([]);
    expect(await run(routes, 404)).toEqual([]);
    // A dependency reads the path's id; the 422 is another parameter's (not an id) missing.
    const dependency = routes
      .replace('def farmer_statement(id: int,', 'def farmer_statement(month: str, farmer=Depends(get_farmer),')
      .concat('\n\ndef get_farmer(farmer_id: int, db=Depends(get_db)):\n    return db.get(Farmer, farmer_id)\n');
    expect(await run(dependency)).toEqual([]);
  });

  // `Annotated[int, Path(...)]`, inline or through an alias: FastAPI answers 422 with `path.id` missing.
  const aliased = routes
    .replace(
      'router = APIRouter',
      'VisitId = Annotated[int, Path(description="Visit id", examples=[3])]\n\nrouter = APIRouter',
    )
    .replace('(id: int,', '(id: VisitId,');
  it('renames a parameter typed by an Annotated[int, Path(...)] alias of the module', async () => {
    expect(await run(aliased)).toEqual([
      aliased
        .replace('def farmer_statement(id: VisitId,', 'def farmer_statement(farmer_id: VisitId,')
        .replace('db.get(Farmer, id)', 'db.get(Farmer, farmer_id)')
        .replace('f"Farmer {id} not found: no id"', 'f"Farmer {farmer_id} not found: no id"')
        .replace('owner=id,', 'owner=farmer_id,'),
    ]);
  });

  it('renames a parameter typed Annotated[int, Path()] inline or by an alias another module defines', async () => {
    const inline = routes.replace('(id: int,', '(id: Annotated[int, Path(ge=1)],');
    expect(await run(inline)).toHaveLength(1);
    expect((await run(inline))[0]).toContain('def farmer_statement(farmer_id: Annotated[int, Path(ge=1)],');
    const imported = routes.replace('(id: int,', '(id: VisitId,');
    const deps = 'from typing import Annotated\n\nVisitId = Annotated[\n    int, Path(description="Visit id")\n]\n';
    const [changed] = await run(imported, 422, { 'app/deps.py': deps });
    expect(changed).toContain('def farmer_statement(farmer_id: VisitId,');
  });

  it('leaves an Annotated parameter read from the query, or with a default', async () => {
    const query = aliased.replace('Path(description="Visit id", examples=[3])', 'Query(description="Visit id")');
    expect(await run(query)).toEqual([]);
    expect(await run(routes.replace('(id: int,', '(id: Annotated[int, Query()],'))).toEqual([]);
    expect(await run(aliased.replace('(id: VisitId,', '(id: VisitId = 3,'))).toEqual([]);
  });
});
