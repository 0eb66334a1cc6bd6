import { describe, expect, it } from 'vitest';
import { fastApiModules } from './fastapi-modules.js';

describe('fastApiModules', () => {
  it('names the modules that may bind the FastAPI app, entry points first', () => {
    const sources = new Map([
      ['app/routers/books.py', 'from fastapi import APIRouter\nrouter = APIRouter()\n'],
      [
        'app/main.py',
        'from fastapi import FastAPI\n\ndef create_app() -> FastAPI:\n    return FastAPI()\n\napp = create_app()\n',
      ],
      ['app/factory.py', 'from fastapi import FastAPI\nbuilder = None\n'],
      ['tests/conftest.py', 'from fastapi import FastAPI\napp = FastAPI()\n'],
      ['.venv/lib/fastapi/applications.py', 'class FastAPI: ...\nx = 1\n'],
      ['server/__init__.py', 'from fastapi import FastAPI\napp = FastAPI()\n'],
    ]);
    expect(fastApiModules(sources)).toEqual(['app.main', 'server', 'app.factory']);
  });

  it('finds nothing in a project without FastAPI', () => {
    expect(fastApiModules(new Map([['app.py', 'from flask import Flask\napp = Flask(__name__)\n']]))).toEqual([]);
  });
});
