import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonRouteIncludeOrder } from './route-include-order.js';
import { candidatesOf } from './test-support/python-context.js';

const main = (first: string, second: string) =>
  'from fastapi import FastAPI\n\nfrom app.routers import reports, wheels\n\napp = FastAPI()\n' +
  `app.include_router(${first}, prefix="/api/v1")\napp.include_router(${second}, prefix="/api/v1")\n`;
const wheels =
  'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/wheels")\n\n\n' +
  '@router.get("/{wheel_id}")\ndef get_wheel(wheel_id: int):\n    return {}\n';
const reports =
  'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/wheels")\n\n\n' +
  '@router.get("/ready")\ndef ready_wheels(as_of: str):\n    return []\n';

async function run(mainSource: string, wheelRoutes = wheels) {
  const endpoint = 'GET /api/v1/wheels/ready';
  const found = await candidatesOf(pythonRouteIncludeOrder, {
    files: { 'app/main.py': mainSource, 'app/routers/wheels.py': wheelRoutes, 'app/routers/reports.py': reports },
    cause: {
      kind: 'status_mismatch',
      endpoints: [endpoint],
      violations: [{ endpoint, actualStatus: 422, expectedStatus: 200 }],
    } as unknown as Partial<RootCause>,
    contract: { openapi: '3.1.0', title: 't', operations: [] },
  });
  return found.map((c) => c.changed['app/main.py']);
}

describe('python.route-include-order', () => {
  it("includes the static route's router before the one whose parameter route shadows it", async () => {
    expect(await run(main('wheels.router', 'reports.router'))).toEqual([main('reports.router', 'wheels.router')]);
  });

  it('leaves routers already in order, and a parameter with a converter', async () => {
    expect(await run(main('reports.router', 'wheels.router'))).toEqual([]);
    const typed = wheels.replace('"/{wheel_id}"', '"/{wheel_id:int}"');
    expect(await run(main('wheels.router', 'reports.router'), typed)).toEqual([]);
    // Moved ahead, the reports router's own {code} route would answer /wheels/stats.
    const both = reports + '\n\n@router.get("/{code}")\ndef report(code: str):\n    return {}\n';
    const statsToo = wheels + '\n\n@router.get("/stats")\ndef stats():\n    return {}\n';
    const found = await candidatesOf(pythonRouteIncludeOrder, {
      files: {
        'app/main.py': main('wheels.router', 'reports.router'),
        'app/routers/wheels.py': statsToo,
        'app/routers/reports.py': both,
      },
      cause: {
        kind: 'status_mismatch',
        endpoints: ['GET /api/v1/wheels/ready'],
        violations: [{ endpoint: 'GET /api/v1/wheels/ready', actualStatus: 422, expectedStatus: 200 }],
      } as unknown as Partial<RootCause>,
      contract: { openapi: '3.1.0', title: 't', operations: [] },
    });
    expect(found).toEqual([]);
    // An include continued on the next line is not moved half.
    const continued = main('wheels.router', 'reports.router').replace(
      'app.include_router(reports.router, prefix="/api/v1")',
      'app.include_router(reports.router,\n                   prefix="/api/v1")',
    );
    expect(await run(continued)).toEqual([]);
  });
});
