import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonRoutePrefix } from './route-prefix.js';
import { candidatesOf } from './test-support/python-context.js';

const missing = (...endpoints: string[]) =>
  ({
    kind: 'route_missing',
    endpoints,
    violations: endpoints.map((endpoint) => ({ endpoint })),
  }) as unknown as RootCause;
const main = (include: string) =>
  'from fastapi import FastAPI\n\nfrom app.routers import batches, members\n\napp = FastAPI()\n' +
  `${include}app.include_router(members.router, prefix="/api")\n`;
const batches = (prefix: string) =>
  `from fastapi import APIRouter\n\nrouter = APIRouter(prefix="${prefix}", tags=["batches"])\n\n\n` +
  '@router.get("")\ndef list_batches():\n    return []\n\n\n' +
  '@router.get("/{batch_id}")\ndef get_batch(batch_id: int):\n    return {"id": batch_id}\n';
const members = (prefix: string) =>
  `from fastapi import APIRouter\n\nrouter = APIRouter(prefix="${prefix}")\n\n\n` +
  '@router.get("")\ndef list_members():\n    return []\n';
const run = (files: Record<string, string>, ...endpoints: string[]) =>
  candidatesOf(pythonRoutePrefix, { files, cause: missing(...endpoints) });

describe('python.route-prefix', () => {
  it("drops the include's prefix when the router has the same one (served at /dye-batches/dye-batches)", async () => {
    const doubled = 'app.include_router(batches.router, prefix="/dye-batches", tags=["dye"])\n';
    const files = {
      'app/main.py': main(doubled),
      'app/routers/batches.py': batches('/dye-batches'),
      'app/routers/members.py': members('/members'),
    };
    const found = await run(files, 'GET /dye-batches', 'GET /dye-batches/{batch_id}');
    expect(found.map((f) => f.key)).toEqual(['python.route-prefix#doubled']);
    expect(found[0]!.changed['app/main.py']).toBe(main('app.include_router(batches.router, tags=["dye"])\n'));
  });

  describe('#doubled-own: the include prefix a name, the router literal repeating it', () => {
    const named =
      'from fastapi import FastAPI\n\nfrom app.routers import members\n\nAPI_PREFIX = "/api"\napp = FastAPI()\n' +
      'app.include_router(members.router, prefix=API_PREFIX)\n';
    const status = (...endpoints: string[]) =>
      ({
        kind: 'status_mismatch',
        endpoints,
        violations: endpoints.map((endpoint) => ({ endpoint })),
      }) as unknown as RootCause;

    it("drops the repeated part from the router's own prefix (served at /api/api/members), on a 404", async () => {
      const files = { 'app/main.py': named, 'app/routers/members.py': members('/api/members') };
      const found = await candidatesOf(pythonRoutePrefix, { files, cause: status('GET /api/members') });
      expect(found.map((f) => f.key)).toEqual(['python.route-prefix#doubled-own']);
      expect(found[0]!.changed['app/routers/members.py']).toBe(members('/members'));
    });

    it('leaves a router served at its documented path alone', async () => {
      const files = { 'app/main.py': named, 'app/routers/members.py': members('/members') };
      expect(await candidatesOf(pythonRoutePrefix, { files, cause: status('GET /api/members') })).toEqual([]);
    });
  });

  it('puts the prefix in the number the documented path has (/member for /members)', async () => {
    const files = {
      'app/main.py': main(''),
      'app/routers/batches.py': batches('/batches'),
      'app/routers/members.py': members('/member'),
    };
    const found = await run(files, 'GET /api/members');
    expect(found.map((f) => f.key)).toEqual(['python.route-prefix#number']);
    expect(found[0]!.changed['app/routers/members.py']).toBe(members('/members'));
  });

  it("never edits another router's prefix: the route's own path holds the slip", async () => {
    const files = {
      'app/main.py': main(''),
      'app/routers/batches.py': batches('/member'),
      'app/routers/members.py': members('').replace('@router.get("")', '@router.get("/member")'),
    };
    expect(await run(files, 'GET /api/members')).toEqual([]);
  });

  it('leaves a documented path no served route is one slip from alone', async () => {
    const files = {
      'app/main.py': main(''),
      'app/routers/batches.py': batches('/batches'),
      'app/routers/members.py': members('/members'),
    };
    expect(await run(files, 'GET /api/people', 'GET /yarns')).toEqual([]);
  });

  describe('#number in an f-string include prefix: prefix=f"{API_PREFIX}/member"', () => {
    const fmain = (prefix: string) =>
      'from fastapi import FastAPI\n\nfrom app.routers import batches, members\n\nAPI_PREFIX = "/api/v1"\n' +
      `app = FastAPI()\napp.include_router(batches.router, prefix=API_PREFIX)\n` +
      `app.include_router(members.router, prefix=f"{API_PREFIX}${prefix}")\n`;
    const files = (prefix: string) => ({
      'app/main.py': fmain(prefix),
      'app/routers/batches.py': batches('/batches'),
      'app/routers/members.py': members(''),
    });

    it('renumbers the segment after the constant', async () => {
      const found = await run(files('/member'), 'GET /api/v1/members');
      expect(found.map((f) => f.key)).toEqual(['python.route-prefix#number']);
      expect(found[0]!.changed['app/main.py']).toBe(fmain('/members'));
    });

    it('leaves an f-string prefix already in the documented number alone', async () => {
      expect(await run(files('/members'), 'GET /api/v1/members')).toEqual([]);
    });
  });
});
