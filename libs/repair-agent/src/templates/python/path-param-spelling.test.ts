import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonPathParamName } from './path-param-name.js';
import { candidatesOf } from './test-support/python-context.js';

// The handler's parameter is the path's name spelt without its separator: `vatid` for `vat_id`.
const endpoint = 'GET /api/vats/{vat_id}/samples';
async function run(routes: string, actualStatus = 422) {
  const found = await candidatesOf(pythonPathParamName, {
    files: { 'app/samples.py': routes },
    cause: {
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, actualStatus, expectedStatus: 200 }],
    } as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/samples.py']);
}
const routes = (param: string) => `from fastapi import APIRouter, Depends

router = APIRouter(prefix="/api/vats/{vat_id}/samples")


@router.get("")
def list_samples(${param}: int, db: Session = Depends(get_db)):
    return sample_service.list_samples(db, ${param})
`;

describe("python.path-param-name: a parameter spelt without the path name's separators", () => {
  it('renames vatid to the path parameter vat_id', async () => {
    expect(await run(routes('vatid'))).toEqual([routes('vat_id')]);
  });

  it('renames a name of several words run together (brinevatid for brine_vat_id)', async () => {
    const several = (param: string) => routes(param).replace(/\{vat_id\}/g, '{brine_vat_id}');
    const found = await candidatesOf(pythonPathParamName, {
      files: { 'app/samples.py': several('brinevatid') },
      cause: {
        kind: 'status_mismatch',
        endpoints: ['GET /api/vats/{brine_vat_id}/samples'],
        violations: [{ endpoint: 'GET /api/vats/{brine_vat_id}/samples', actualStatus: 422, expectedStatus: 200 }],
      } as unknown as Partial<RootCause>,
    });
    expect(found.map((c) => c.changed['app/samples.py'])).toEqual([several('brine_vat_id')]);
  });

  it('near miss: another word than the path name, or another status', async () => {
    expect(await run(routes('vat'))).toEqual([]);
    expect(await run(routes('vatid'), 404)).toEqual([]);
  });
});
