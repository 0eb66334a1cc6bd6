import { describe, expect, it } from 'vitest';
import { pythonValidationRaise } from './validation-raise.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

const service = [
  'from .models import Project',
  '',
  '',
  'def create_project(repo, payload):',
  '    if not payload.title.strip():',
  '        raise ValueError(f"title must not be blank: {payload.title!r}")',
  '    return repo.add(Project(title=payload.title))',
  '',
].join('\n');

describe('python.validation-raise', () => {
  it('turns a ValueError on request data into the documented 400, then 422', async () => {
    const context = templateContext(
      { 'app/service.py': service },
      {
        culprit: { file: 'app/service.py', line: 6 },
        exception: { type: 'ValueError', message: "title must not be blank: '  '" },
        operation: operation('POST /projects', { '201': null, '400': null, '422': null }),
      },
    );
    const candidates = await allCandidates(pythonValidationRaise, context, 'app/service.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.validation-raise#400', 'python.validation-raise#422']);
    expect(candidates[0]!.source).toBe(
      service
        .replace('from .models import Project\n', 'from .models import Project\nfrom fastapi import HTTPException\n')
        .replace(
          'raise ValueError(f"title must not be blank: {payload.title!r}")',
          'raise HTTPException(status_code=400, detail=f"title must not be blank: {payload.title!r}")',
        ),
    );
  });

  it('turns an assert on the request body into an explicit check with the documented 422', async () => {
    const route = [
      'from fastapi import APIRouter',
      '',
      'router = APIRouter()',
      '',
      '',
      '@router.post("/carts/{cart_id}/items")',
      'def add_item(cart_id: int, body: ItemIn):',
      '    assert body.quantity > 0, "quantity must be positive"',
      '    return {"cart_id": cart_id}',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/routes.py': route },
      {
        culprit: { file: 'app/routes.py', line: 8 },
        exception: { type: 'AssertionError', message: 'quantity must be positive' },
        operation: operation('POST /carts/{cart_id}/items', { '201': null, '422': null }),
      },
    );
    const [only, ...rest] = await allCandidates(pythonValidationRaise, context, 'app/routes.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(
      route
        .replace('from fastapi import APIRouter\n', 'from fastapi import APIRouter, HTTPException\n')
        .replace(
          '    assert body.quantity > 0, "quantity must be positive"\n',
          '    if not (body.quantity > 0):\n' +
            '        raise HTTPException(status_code=422, detail="quantity must be positive")\n',
        ),
    );
  });

  it("raises the codebase's own 400 exception for an app ValueError subclass raised in an else branch", async () => {
    const errors = [
      'from fastapi import HTTPException',
      '',
      '',
      'class BadRequest(HTTPException):',
      '    def __init__(self, detail: str):',
      '        super().__init__(status_code=400, detail=detail)',
      '',
      '',
      'class InvalidTransition(ValueError):',
      '    pass',
      '',
    ].join('\n');
    const service = [
      'from .errors import InvalidTransition',
      '',
      '',
      'def advance(order, target: str):',
      '    if target in NEXT[order.status]:',
      '        order.status = target',
      '    else:',
      '        raise InvalidTransition(f"cannot move to {target}")',
      '    return order',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/errors.py': errors, 'app/orders.py': service },
      {
        culprit: { file: 'app/orders.py', line: 8 },
        exception: { type: 'app.errors.InvalidTransition', message: 'cannot move to shipped' },
        operation: operation('POST /orders/{order_id}/advance', { '200': null, '400': null }),
      },
    );
    const candidates = await allCandidates(pythonValidationRaise, context, 'app/orders.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.validation-raise#own-400', 'python.validation-raise#400']);
    expect(candidates[0]!.source).toBe(
      service
        .replace('from .errors import InvalidTransition', 'from .errors import BadRequest, InvalidTransition')
        .replace('raise InvalidTransition(', 'raise BadRequest('),
    );
  });

  it('answers a documented 409 first when the check rejects a value already taken', async () => {
    const service =
      'def register(db, payload):\n    if db.query(User).filter(User.email == payload.email).first():\n' +
      '        raise ValueError("Email already registered")\n    return payload\n';
    const context = templateContext(
      { 'app/users.py': service },
      {
        culprit: { file: 'app/users.py', line: 3 },
        exception: { type: 'ValueError', message: 'Email already registered' },
        operation: operation('POST /users', { '201': null, '409': null, '422': null }),
      },
    );
    const candidates = await allCandidates(pythonValidationRaise, context, 'app/users.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.validation-raise#409', 'python.validation-raise#422']);
    expect(candidates[0]!.source).toContain(
      '        raise HTTPException(status_code=409, detail="Email already registered")\n',
    );
  });

  it('answers first the 4xx the failing test asserts for the request that crashed (at capacity: 409)', async () => {
    const service =
      'def add_dog(db, payload):\n    kennel = db.get(Kennel, payload.kennel_id)\n' +
      '    if kennel.dogs >= kennel.capacity:\n        raise ValueError(f"Kennel {kennel.name} is at capacity")\n' +
      '    return payload\n';
    const test =
      'def test_full(client):\n    r = client.post("/dogs", json={"kennel_id": 2})\n    assert r.status_code == 409\n';
    const context = templateContext(
      { 'app/dogs.py': service, 'tests/test_dogs.py': test },
      {
        cause: {
          kind: 'test_failure',
          trace: {
            frames: [
              { file: '/srv/tests/test_dogs.py', line: 2, inApp: true },
              { file: '/srv/app/dogs.py', line: 4, inApp: true },
            ],
          } as never,
          violations: [{ nodeid: 'tests/test_dogs.py::test_full', endpoint: 'POST /dogs', traces: [] }] as never,
        },
        culprit: { file: 'app/dogs.py', line: 4 },
        exception: { type: 'ValueError', message: 'Kennel North is at capacity' },
        operation: operation('POST /dogs', { '201': null, '409': null, '422': null }),
      },
    );
    const candidates = await allCandidates(pythonValidationRaise, context, 'app/dogs.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.validation-raise#409', 'python.validation-raise#422']);
  });

  it('reads a local computed from the input as request data (a normalised code checked in a helper)', async () => {
    const helper = [
      'def normalize_code(raw: str) -> str:',
      '    code = raw.replace("-", "").upper()',
      '    if len(code) != 8 or not code.isalnum():',
      '        raise ValueError(f"Invalid code: {raw}")',
      '    return code',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/codes.py': helper },
      {
        culprit: { file: 'app/codes.py', line: 4 },
        exception: { type: 'ValueError', message: 'Invalid code: x' },
        operation: operation('POST /vouchers', { '201': null, '422': null }),
      },
    );
    const candidates = await allCandidates(pythonValidationRaise, context, 'app/codes.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.validation-raise#422']);
    expect(candidates[0]!.source).toContain(
      '        raise HTTPException(status_code=422, detail=f"Invalid code: {raw}")\n',
    );
  });

  it('leaves a check on a local computed from no input alone', async () => {
    const config =
      'def limit_for(tier):\n    limit = settings.limits.get("default")\n    if limit is None:\n' +
      '        raise ValueError("no default limit configured")\n    return limit\n';
    const context = templateContext(
      { 'app/limits.py': config },
      {
        culprit: { file: 'app/limits.py', line: 4 },
        exception: { type: 'ValueError', message: 'no default limit configured' },
        operation: operation('POST /orders', { '201': null, '422': null }),
      },
    );
    expect(await allCandidates(pythonValidationRaise, context, 'app/limits.py')).toEqual([]);
  });

  it('leaves a ValueError raised by a library call on stored data alone', async () => {
    const stored =
      'from decimal import Decimal\n\n\ndef balance(repo, account_id):\n    row = repo.get(account_id)\n' +
      '    return Decimal(row.amount)\n';
    const context = templateContext(
      { 'app/service.py': stored },
      {
        culprit: { file: 'app/service.py', line: 6 },
        exception: { type: 'ValueError', message: 'Invalid literal for Decimal' },
        operation: operation('GET /accounts/{account_id}', { '200': null, '400': null }),
      },
    );
    expect(await allCandidates(pythonValidationRaise, context, 'app/service.py')).toEqual([]);
  });
});
