/** A small in-memory app, a trace and a violation for the LLM/command strategy unit tests. */
import type { StackFrame, StackTrace } from '@smoke-repair/log-parser';
import type { Violation } from '@smoke-repair/smoke-validator';
import { createPythonInspector } from '../../../adapters/python-inspector.js';
import { groupRootCauses } from '../../../group-root-causes.js';
import { locateCulprit } from '../../../localize.js';
import { patchPolicySchema } from '../../../policy/patch-policy.js';
import { createPythonProject } from '../../../python/python-project.js';
import { createSourceTree, type FileSource, type SourceTree } from '../../../source/source-tree.js';
import type { RootCause } from '../../../types.js';
import type { StrategyContext } from '../../strategy.js';

const SERVICE = `from app.models import Order


def order_total(items):
    total = 0
    for item in items:
        total += item["price"] * item["qty"]
    return totl


def create_order(payload):
    items = payload["items"]
    return Order(customer=payload["customer"], total=order_total(items))
`;

const MODELS = `class Order:
    def __init__(self, customer, total):
        self.customer = customer
        self.total = total
`;

const ROUTER = `from app.services.orders import create_order


def post_order(payload):
    order = create_order(payload)
    return {"customer": order.customer, "total": order.total}
`;

const TEST_FILE = `def test_total():
    assert True
`;

const OPENAPI = {
  openapi: '3.1.0',
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreate' } } } },
        responses: {
          '201': {
            description: 'Created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      OrderCreate: {
        type: 'object',
        properties: {
          customer: { type: 'string' },
          items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
        },
      },
      Item: { type: 'object', properties: { price: { type: 'number' }, qty: { type: 'integer' } } },
      Order: { type: 'object', properties: { customer: { type: 'string' }, total: { type: 'number' } } },
    },
  },
};

export function shopFiles(): Record<string, string> {
  return {
    'app/__init__.py': '',
    'app/models.py': MODELS,
    'app/services/__init__.py': '',
    'app/services/orders.py': SERVICE,
    'app/routers/orders.py': ROUTER,
    'tests/test_orders.py': TEST_FILE,
    'openapi.json': JSON.stringify(OPENAPI, null, 2),
    'requirements.txt': 'fastapi==0.115.0\nstarlette==0.38.6\nuvicorn[standard]==0.30.6\n',
  };
}

/** An in-memory FileSource rooted at `root`. */
export function memorySource(files: Record<string, string>, root = '/srv/shop'): FileSource {
  return {
    root,
    read: async (path) => files[path] ?? null,
    list: async () => Object.keys(files).sort(),
    escapesRoot: async () => false,
  };
}

const frame = (file: string, line: number, fn: string, inApp: boolean, source?: string): StackFrame => ({
  file,
  line,
  function: fn,
  inApp,
  ...(source ? { source } : {}),
});

export function shopTrace(): StackTrace {
  const frames = [
    frame(
      '/venv/lib/python3.12/site-packages/starlette/routing.py',
      74,
      'app',
      false,
      'response = await func(request)',
    ),
    frame(
      '/venv/lib/python3.12/site-packages/fastapi/routing.py',
      212,
      'run_endpoint_function',
      false,
      'return await dependant.call(**values)',
    ),
    frame('/srv/shop/app/routers/orders.py', 5, 'post_order', true, 'order = create_order(payload)'),
    frame(
      '/srv/shop/app/services/orders.py',
      13,
      'create_order',
      true,
      'return Order(customer=payload["customer"], total=order_total(items))',
    ),
    frame('/srv/shop/app/services/orders.py', 8, 'order_total', true, 'return totl'),
  ];
  return {
    language: 'python',
    exception: { type: 'NameError', message: "name 'totl' is not defined" },
    frames,
    culprit: frames[4]!,
    causes: [],
    children: [],
    signature: {
      hash: 'sig-totl',
      key: 'NameError@app/services/orders.py:8 order_total: name <str> is not defined',
      exceptionType: 'NameError',
      file: 'app/services/orders.py',
      function: 'order_total',
      line: 8,
      message: 'name <str> is not defined',
    },
    span: { startLine: 1, endLine: 12 },
    partial: false,
  };
}

export function shopViolation(trace: StackTrace = shopTrace()): Violation {
  return {
    scenarioId: 'createOrder',
    endpoint: 'POST /orders',
    method: 'POST',
    path: '/orders',
    expectedStatus: 201,
    actualStatus: 500,
    kind: 'server_error',
    message: 'expected 201, got 500',
    responseExcerpt: 'Internal Server Error',
    requestId: 'req-1',
    traces: [trace],
    signature: trace.signature,
    reproduce:
      "curl -sS -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' -d " +
      '\'{"customer":"a","items":[]}\'',
  };
}

/** The root cause and a strategy context over an overlay of the in-memory app. */
export async function shopContext(
  overrides: Partial<StrategyContext> = {},
  files = shopFiles(),
): Promise<{ cause: RootCause; context: StrategyContext; tree: SourceTree }> {
  const tree = createSourceTree(memorySource(files));
  const cause = groupRootCauses([shopViolation()])[0]!;
  const context: StrategyContext = {
    appRoot: '/srv/shop',
    tree,
    python: createPythonProject(tree, createPythonInspector()),
    culprit: await locateCulprit(cause.trace, tree),
    exception: { type: 'NameError', message: "name 'totl' is not defined" },
    attempt: 1,
    previousAttempts: [],
    policy: patchPolicySchema.parse({}),
    excluded: { recipes: new Set(), patterns: new Set(), diffs: new Set() },
    ...overrides,
  };
  return { cause, context, tree };
}

/** The diff that fixes the fixture (as a model would write it). */
export const GOOD_DIFF = `--- a/app/services/orders.py
+++ b/app/services/orders.py
@@ -5,4 +5,4 @@ def order_total(items):
     total = 0
     for item in items:
         total += item["price"] * item["qty"]
-    return totl
+    return total
`;
