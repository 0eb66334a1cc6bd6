import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonContext } from '../../templates/python/test-support/python-context.js';
import type { RootCause } from '../../types.js';
import { pythonUnmountedRouter } from './unmounted-router.js';

const resource = (prefix: string) =>
  `from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/${prefix}")\ndef list_all():\n` +
  `    return []\n`;
const api =
  'from fastapi import APIRouter\n\nfrom app.routers import reports, users\n\napi_router = APIRouter()\n' +
  'api_router.include_router(users.router, prefix="/users")\n';
const files = (main: string, extra: Record<string, string> = {}) => ({
  'app/routers/__init__.py': '',
  'app/routers/users.py': resource(''),
  'app/routers/reports.py':
    'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/summary")\ndef summary():\n' +
    '    return {}\n',
  'app/routers/api.py': api,
  'app/main.py': main,
  ...extra,
});
const operations = ['GET /api/v1/users', 'GET /api/v1/reports/summary'].map((endpoint) => ({
  method: 'get',
  path: endpoint.slice(4),
  endpoint,
  parameters: [],
  responses: [],
}));
const contract = { openapi: '3.1.0', title: 't', operations } as unknown as ApiModel;

async function mount(main: string, extra: Record<string, string> = {}, withContract = true) {
  const ctx = pythonContext({
    files: files(main, extra),
    cause: { kind: 'route_missing', endpoints: ['GET /api/v1/reports/summary'] } as Partial<RootCause>,
  });
  const outcome = await pythonUnmountedRouter.apply({ ...ctx, contract: withContract ? contract : null } as never);
  return outcome
    ? (await ctx.tree.read('app/routers/api.py'))!.split('\n').filter((l) => l.includes('reports.router'))
    : [];
}

describe('python.unmounted-router under an app-level prefix that is no literal', () => {
  it('reads prefix=settings.api_prefix from the settings default', async () => {
    const main =
      'from fastapi import FastAPI\n\nfrom app.config import settings\n' +
      'from app.routers.api import api_router\n\napp = FastAPI()\n' +
      'app.include_router(api_router, prefix=settings.api_prefix)\n';
    const config = { 'app/config.py': 'class Settings:\n    api_prefix: str = "/api/v1"\n\n\nsettings = Settings()\n' };
    expect(await mount(main, config, false)).toEqual(['api_router.include_router(reports.router, prefix="/reports")']);
  });

  it(`infers a prefix only a call gives (prefix=get_prefix()) from the documented paths of the served \
routes`, async () => {
    const main =
      'from fastapi import FastAPI\n\nfrom app.routers.api import api_router\n' +
      'from app.util import get_prefix\n\napp = FastAPI()\n' +
      'app.include_router(api_router, prefix=get_prefix())\n';
    expect(await mount(main, { 'app/util.py': 'def get_prefix():\n    return "/api/v1"\n' })).toEqual([
      'api_router.include_router(reports.router, prefix="/reports")',
    ]);
  });

  it('without a contract, does not guess the unknown prefix into the include', async () => {
    const main =
      'from fastapi import FastAPI\n\nfrom app.routers.api import api_router\n' +
      'from app.util import get_prefix\n\napp = FastAPI()\n' +
      'app.include_router(api_router, prefix=get_prefix())\n';
    const lines = await mount(main, { 'app/util.py': 'def get_prefix():\n    return "/api/v1"\n' }, false);
    expect(lines).not.toContain('api_router.include_router(reports.router, prefix="/reports")');
  });
});
