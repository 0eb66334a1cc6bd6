import { describe, expect, it } from 'vitest';
import { pythonContext } from '../templates/python/test-support/python-context.js';

const routers = {
  'app/routers/__init__.py': '',
  'app/routers/users.py':
    'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("")\ndef users():\n    return []\n',
};

async function served(files: Record<string, string>, id: string) {
  const graph = await pythonContext({ files: { ...routers, ...files } }).python.mounts();
  return { prefix: graph.servedPrefix(id), unknown: graph.edges.find((e) => e.prefixUnknown)?.prefixUnknown };
}

describe('non-literal router prefixes', () => {
  it("reads include_router(prefix=settings.api_prefix) from the settings class's default", async () => {
    const files = {
      'app/config.py':
        'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n' +
        '    app_name: str = "x"\n    api_prefix: str = "/api/v1"\n\n\nsettings = Settings()\n',
      'app/routers/api.py':
        'from fastapi import APIRouter\n\nfrom app.routers import users\n\napi_router = APIRouter()\n' +
        'api_router.include_router(users.router, prefix="/users")\n',
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app.config import settings\n' +
        'from app.routers.api import api_router\n\n\ndef create_app():\n    app = FastAPI()\n' +
        '    app.include_router(api_router, prefix=settings.api_prefix)\n    return app\n',
    };
    expect(await served(files, 'app.routers.users.router')).toEqual({ prefix: '/api/v1/users', unknown: undefined });
  });

  it('reads an imported module constant with an os.getenv default, as an APIRouter prefix', async () => {
    const files = {
      'app/core/config.py': 'import os\n\nAPI_PREFIX = os.getenv("API_PREFIX", "/api/v2")\nV2 = API_PREFIX\n',
      'app/main.py':
        'from fastapi import APIRouter, FastAPI\n\nfrom app.core.config import V2\n' +
        'from app.routers import users\n\napp = FastAPI()\napi = APIRouter(prefix=V2)\n' +
        'api.include_router(users.router, prefix="/users")\napp.include_router(api)\n',
    };
    expect(await served(files, 'app.routers.users.router')).toEqual({ prefix: '/api/v2/users', unknown: undefined });
  });

  it('leaves a prefix unknown when two settings classes disagree', async () => {
    const files = {
      'app/config.py':
        'class Dev:\n    api_prefix = "/dev"\n\n\nclass Prod:\n    api_prefix = "/api"\n\n\nsettings = Dev()\n',
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app.config import settings\nfrom app.routers import users\n\n' +
        'app = FastAPI()\napp.include_router(users.router, prefix=settings.api_prefix)\n',
    };
    expect(await served(files, 'app.routers.users.router')).toEqual({ prefix: '', unknown: 'settings.api_prefix' });
  });

  it("reads an f-string prefix of known constants: prefix=f'{API_PREFIX}/users'", async () => {
    const files = {
      'app/config.py': 'API_PREFIX = "/api/v1"\n',
      'app/main.py':
        'from fastapi import FastAPI\n\nfrom app.config import API_PREFIX\nfrom app.routers import users\n\n' +
        'app = FastAPI()\napp.include_router(users.router, prefix=f"{API_PREFIX}/users")\n',
    };
    expect(await served(files, 'app.routers.users.router')).toEqual({ prefix: '/api/v1/users', unknown: undefined });
  });

  it('leaves an f-string prefix unknown when a field is computed at run time', async () => {
    const files = {
      'app/main.py':
        'import os\n\nfrom fastapi import FastAPI\n\nfrom app.routers import users\n\n' +
        'app = FastAPI()\napp.include_router(users.router, prefix=f"{os.environ[\'P\']}/users")\n',
    };
    expect((await served(files, 'app.routers.users.router')).unknown).toBeDefined();
  });
});
