/**
 * The Python templates and the recipes they extend on a real app: members-desk (FastAPI +
 * SQLAlchemy, one generator mistake per endpoint) is started with uvicorn, each broken endpoint
 * is called, its violation built from the real response and server log, the app repaired with
 * the built-in recipes and templates against its OpenAPI contract, the patches `git apply`-ed,
 * and the app restarted: each endpoint must answer its documented status, through the lines
 * the right template added.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairResult } from '@smoke-repair/repair-agent';
import { loadOpenApi, type Violation } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp, prepare, startApp, violationOf, VENV_PYTHON, type AppSpec, type Call } from './apps.js';

const app: AppSpec = {
  name: 'members-desk',
  language: 'python',
  source: join(import.meta.dirname, '..', 'fixtures', 'members-desk'),
};

const cases: readonly { key: string; call: Call; adds: readonly string[] }[] = [
  {
    key: 'python.status-code',
    call: {
      endpoint: 'POST /members',
      path: '/members',
      body: { name: 'Ada Ek', email: 'ada@example.org', birth_date: '1999-09-09' },
      expected: 201,
    },
    adds: ['        status_code=201,'],
  },
  {
    key: 'python.attribute-meaning#words',
    call: { endpoint: 'GET /members/{member_id}', path: '/members/1', expected: 200 },
    adds: ['    return {"id": member.id, "name": member.name, "born": member.birth_date}'],
  },
  {
    key: 'python.attribute-meaning#verb',
    call: { endpoint: 'GET /members/{member_id}/card', path: '/members/1/card', expected: 200 },
    adds: ['        member = self.members.get(member_id)'],
  },
  {
    key: 'python.missing-import',
    call: { endpoint: 'GET /members/newest', path: '/members/newest', expected: 200 },
    adds: ['from sqlalchemy import desc, select'],
  },
  {
    key: 'python.keyword-name#meaning',
    call: { endpoint: 'GET /members/by-email/{email}', path: '/members/by-email/nobody@example.org', expected: 404 },
    adds: ['        raise HTTPException(status_code=404, detail="no member with that email")'],
  },
  {
    key: 'python.dict-key#meaning',
    call: { endpoint: 'GET /stats', path: '/stats', expected: 200 },
    adds: ['    return {"members": summary["total_members"], "books": summary["total_books"]}'],
  },
  {
    key: 'python.path-param-type',
    call: { endpoint: 'GET /books/{book_id}', path: '/books/1', expected: 200 },
    adds: ['def read_book(book_id: int, session: Session = Depends(get_session)):'],
  },
];

describe('python templates on members-desk (real uvicorn, real traces, real repair)', () => {
  let cleanup: (() => void) | undefined;
  const before = new Map<string, Violation | null>();
  const after = new Map<string, number>();
  let result: RepairResult;

  beforeAll(async () => {
    prepare(app);
    const copy = copyApp(app);
    cleanup = copy.cleanup;
    const contract = await loadOpenApi(join(copy.dir, 'openapi.json'));
    const baseline = await startApp(app, copy.dir);
    try {
      for (const { call } of cases) before.set(call.endpoint, await violationOf(baseline, call, copy.dir));
    } finally {
      await baseline.stop();
    }
    const violations = [...before.values()].filter((v): v is Violation => v !== null);
    result = await repairFromSmokeViolations(violations, {
      appRoot: copy.dir,
      python: VENV_PYTHON,
      strategies: [createRecipeStrategy()],
      contract,
    });
    applyPatches(copy.dir, result.patches);
    const fixed = await startApp(app, copy.dir);
    try {
      for (const { call } of cases)
        after.set(call.endpoint, (await fixed.request(call.endpoint.split(' ')[0]!, call.path, call.body)).status);
    } finally {
      await fixed.stop();
    }
  }, 240_000);

  afterAll(() => cleanup?.());

  it.each(cases.map((c) => [c.key, c] as const))('%s', (_key, c) => {
    expect(before.get(c.call.endpoint), `${c.call.endpoint} is broken before the repair`).not.toBeNull();
    const patch = result.patches.find((p) => p.endpoints.includes(c.call.endpoint));
    const attempts = result.attempts.map((a) => `${a.signature}: ${a.outcome} ${a.detail}`).join('\n');
    expect(patch?.recipeId, `${c.call.endpoint} patched by ${c.key}\n${attempts}`).toBe(c.key);
    expect(after.get(c.call.endpoint), `${c.call.endpoint} after the patch:\n${patch?.diff}`).toBe(c.call.expected);
    const added = patch!.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added).toEqual(c.adds.map((l) => `+${l}`));
  });

  it('produces one patch per root cause, each within policy', () => {
    expect(result.patches.length).toBe(result.rootCauses.length);
    for (const patch of result.patches) expect(patch.changedLines).toBeLessThanOrEqual(200);
  });
});
