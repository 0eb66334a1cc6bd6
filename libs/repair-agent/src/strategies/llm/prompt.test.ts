import { describe, expect, it } from 'vitest';
import { buildRepairPrompt } from './prompt.js';
import { buildRepairContext } from './repair-context.js';
import { shopContext } from './test-support/shop-fixture.js';

describe('buildRepairPrompt', () => {
  it(`carries the culprit, the code around it, the definitions, the request, the operation and earlier \
attempts`, async () => {
    const { cause, context } = await shopContext({
      attempt: 2,
      previousAttempts: [
        {
          rootCause: 'sig-totl',
          signature: 'k',
          strategy: 'llm',
          outcome: 'rejected',
          detail: 'tests/test_orders.py is protected (tests/**)',
          durationMs: 5,
        },
      ],
    });
    const doc = await buildRepairContext(cause, context, {
      investigations: [{ kind: 'public', answer: 'NameError means a misspelt name.' }],
    });
    expect(doc.culprit).toEqual({ file: 'app/services/orders.py', line: 8, function: 'order_total' });
    expect(doc.frames.map((f) => `${f.file}:${f.line}`)).toEqual([
      'app/routers/orders.py:5',
      'app/services/orders.py:13',
      'app/services/orders.py:8',
    ]);
    expect(doc.definitions.map((d) => `${d.kind} ${d.name}`)).toEqual([
      'function order_total',
      'function create_order',
      'function post_order',
    ]);
    expect(doc.openapi[0]!.endpoint).toBe('POST /orders');
    expect(Object.keys(doc.openapi[0]!.schemas).sort()).toEqual([
      '#/components/schemas/Item',
      '#/components/schemas/Order',
      '#/components/schemas/OrderCreate',
    ]);

    const [system, user] = buildRepairPrompt(doc);
    expect(system!.role).toBe('system');
    expect(system!.content).toMatch(/SEARCH\/REPLACE blocks/);
    expect(system!.content).toContain('You may first explain the cause');
    expect(system!.content).toContain('at most 5 files and 200 lines');
    expect(system!.content).toContain('tests/**');
    const text = user!.content;
    expect(text).toContain('# Failure (attempt 2)');
    expect(text).toContain("Exception: NameError: name 'totl' is not defined");
    expect(text).toContain('lines 1-14; the failing line 8 is `return totl`)');
    expect(text).toContain('\n    return totl\n');
    expect(text).not.toMatch(/^ +\d+[> ] /m);
    expect(text).toContain('### function create_order (app/services/orders.py:11)');
    expect(text).toContain('### POST /orders (POST /orders)');
    expect(text).toContain('Expected status: 201; got: 500 (server_error)');
    expect(text).toContain('Reproduce: `curl');
    expect(text).toContain('"operationId": "createOrder"');
    expect(text).toContain('NameError means a misspelt name.');
    expect(text).toContain('- llm → rejected: tests/test_orders.py is protected (tests/**)');
    expect(text.trimEnd().endsWith('Reply with the SEARCH/REPLACE block(s) that fix it.')).toBe(true);
    // A pure function of the context: the same context gives the same prompt.
    expect(buildRepairPrompt(doc)).toEqual(buildRepairPrompt(doc));
  });

  it('shows library frames from the third attempt on', async () => {
    const { cause, context } = await shopContext({ attempt: 3 });
    const doc = await buildRepairContext(cause, context);
    expect(doc.frames.filter((f) => !f.inApp).map((f) => f.function)).toEqual(['app', 'run_endpoint_function']);
    expect(buildRepairPrompt(doc)[1]!.content).toContain(
      '/venv/lib/python3.12/site-packages/fastapi/routing.py:212 in run_endpoint_function (library)',
    );
  });
});
