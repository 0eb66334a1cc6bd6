import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPathSegmentName } from './path-segment-name.js';
import { candidatesOf } from './test-support/python-context.js';

const endpoint = 'GET /api/v2/orchards/{orchard_id}';
const contract = {
  openapi: '3.1.0',
  title: 't',
  operations: [{ method: 'get', path: '/api/v2/orchards/{orchard_id}', endpoint, parameters: [], responses: [] }],
} as unknown as ApiModel;

async function run(routes: string, opts: { actualStatus?: number; fromCode?: boolean; extra?: object } = {}) {
  const found = await candidatesOf(pythonPathSegmentName, {
    files: { 'app/orchards.py': routes, ...(opts.extra ?? {}) },
    contract,
    ...(opts.fromCode ? { contractFromCode: true } : {}),
    cause: {
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, actualStatus: opts.actualStatus ?? 422, expectedStatus: 200 }],
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/orchards.py']);
}

const routes = `from fastapi import APIRouter, Depends, Path

router = APIRouter(prefix="/api/v2/orchards")


@router.get("/{id}", response_model=OrchardOut, responses={404: {"description": "Orchard not found"}})
def read_orchard(orchard_id: int = Path(..., ge=1, examples=[1]), db: Session = Depends(get_db)):
    return service.orchard_or_404(db, orchard_id)
`;

describe('python.path-segment-name', () => {
  it('names the segment as the contract does when the handler reads that name through Path(...)', async () => {
    expect(await run(routes)).toEqual([routes.replace('@router.get("/{id}"', '@router.get("/{orchard_id}"')]);
  });

  it('renames a segment with a converter, the handler taking a plain or Annotated path scalar', async () => {
    const plain = routes
      .replace('"/{id}"', '"/{pk:int}"')
      .replace('orchard_id: int = Path(..., ge=1, examples=[1])', 'orchard_id: int');
    expect(await run(plain)).toEqual([plain.replace('"/{pk:int}"', '"/{orchard_id:int}"')]);
    const annotated = routes.replace(
      'orchard_id: int = Path(..., ge=1, examples=[1])',
      'orchard_id: Annotated[int, Path(ge=1)]',
    );
    expect(await run(annotated)).toEqual([annotated.replace('"/{id}"', '"/{orchard_id}"')]);
  });

  it('leaves a query-read name, a handler taking the code name, a dependency, a 404, a code contract', async () => {
    expect(await run(routes.replace('= Path(..., ge=1, examples=[1])', '= Query(...)'))).toEqual([]);
    expect(await run(routes.replace('orchard_id: int = Path(', 'id: int, orchard_id: int = Path('))).toEqual([]);
    const dependency = routes
      .replace('db: Session = Depends(get_db)', 'row=Depends(load_row)')
      .concat('\n\ndef load_row(id: int):\n    return id\n');
    expect(await run(dependency)).toEqual([]);
    expect(await run(routes, { actualStatus: 404 })).toEqual([]);
    expect(await run(routes, { fromCode: true })).toEqual([]);
  });
});
