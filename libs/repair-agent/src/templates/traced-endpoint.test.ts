import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../types.js';
import { pythonContext } from './python/test-support/python-context.js';
import { tracedEndpoint } from './traced-endpoint.js';

const routes = [
  'from fastapi import APIRouter, FastAPI',
  '',
  'router = APIRouter(prefix="/pets")',
  '',
  '',
  '@router.get("/{pet_id}/next-visit")',
  'def next_visit(pet_id: int):',
  '    return find(pet_id)',
  '',
  '',
  'app = FastAPI()',
  'app.include_router(router, prefix="/api")',
  '',
  '',
  '@app.get("/api/status")',
  'def status():',
  '    return {"ok": True}',
  '',
].join('\n');
const op = (endpoint: string) => ({ endpoint, parameters: [], responses: {} }) as unknown as ApiOperation;
const contract = {
  openapi: '3.1.0',
  title: 't',
  operations: [op('GET /api/pets/{petId}/next-visit'), op('GET /api/status')],
} as ApiModel;

function cause(attributed: string, fn: string): RootCause {
  const frames = [
    { file: '/srv/app/app/main.py', function: fn, line: 8, inApp: true },
    { file: '/srv/app/app/visits.py', function: 'find', line: 3, inApp: true },
  ];
  return {
    kind: 'runtime_error',
    endpoints: [attributed],
    violations: [{ endpoint: attributed }],
    trace: { language: 'python', frames },
  } as unknown as RootCause;
}

describe('tracedEndpoint', () => {
  const { python } = pythonContext({
    files: { 'app/main.py': routes, 'app/visits.py': 'def find(pet_id):\n    return None\n' },
  });

  it('names the documented endpoint of the route handler the trace runs through, through router prefixes', async () => {
    expect(await tracedEndpoint(cause('GET /api/status', 'next_visit'), python, contract)).toBe(
      'GET /api/pets/{petId}/next-visit',
    );
  });

  it('is null when the attributed endpoint is the traced one, or no frame is a handler', async () => {
    expect(await tracedEndpoint(cause('GET /api/pets/{petId}/next-visit', 'next_visit'), python, contract)).toBeNull();
    expect(await tracedEndpoint(cause('GET /api/status', 'helper'), python, contract)).toBeNull();
  });
});
