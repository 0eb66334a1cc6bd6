import { describe, expect, it } from 'vitest';
import { nodeStatusCode } from './status-code.js';
import { applyToCause } from './test-support/apply-to-cause.js';

const reply =
  "const asyncHandler = require('./async-handler');\n\nfunction withStatus(status) {\n" +
  '  return (producer) =>\n    asyncHandler(async (req, res) => res.status(status).json(await producer(req)));\n}\n\n' +
  'module.exports = {\n  ok: withStatus(200),\n  created: withStatus(201),\n  noContent: withStatus(204),\n};\n';
const controller =
  "const reply = require('../utils/reply');\nconst service = require('../services/sales');\n\n" +
  'const list = reply.ok(() => service.list());\nconst record = reply.ok((req) => service.record(req.body));\n\n' +
  'module.exports = { list, record };\n';
const files = (utils: string, ctrl = controller) => ({
  'src/app.js':
    "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
    "app.use('/sales', require('./routes/sales'));\nmodule.exports = app;\n",
  'src/routes/sales.js':
    "const { Router } = require('express');\nconst sales = require('../controllers/sales');\n" +
    "const router = Router();\nrouter.get('/', sales.list);\nrouter.post('/', sales.record);\n" +
    'module.exports = router;\n',
  'src/utils/reply.js': utils,
  'src/utils/async-handler.js': 'module.exports = (fn) => (req, res, next) => fn(req, res, next).catch(next);\n',
  'src/controllers/sales.js': ctrl,
  'src/services/sales.js': 'exports.list = async () => [];\nexports.record = async (s) => s;\n',
});
const cause = {
  kind: 'status_mismatch',
  endpoints: ['POST /sales'],
  violations: [{ endpoint: 'POST /sales', expectedStatus: 201, actualStatus: 200 }],
};

describe('node.status-code through a status factory', () => {
  it('swaps reply.ok for the sibling the same factory makes with the documented status (reply.created)', async () => {
    const { outcome, tree } = await applyToCause(nodeStatusCode, files(reply), cause);
    expect(outcome?.summary).toContain('created in src/controllers/sales.js');
    expect(await tree.read('src/controllers/sales.js')).toBe(
      controller.replace('const record = reply.ok(', 'const record = reply.created('),
    );
  });

  it('reads destructured factory members (const { ok } = require(…))', async () => {
    const destructured = controller
      .replace("const reply = require('../utils/reply');", "const { ok, created } = require('../utils/reply');")
      .replaceAll('reply.ok(', 'ok(');
    const { tree } = await applyToCause(nodeStatusCode, files(reply, destructured), cause);
    expect(await tree.read('src/controllers/sales.js')).toContain('const record = created((req) =>');
  });

  it('swaps an aliased import for the sibling by its own local name', async () => {
    const aliased = controller
      .replace(
        "const reply = require('../utils/reply');",
        "const { ok: success, created: made } = require('../utils/reply');",
      )
      .replaceAll('reply.ok(', 'success(');
    const { tree } = await applyToCause(nodeStatusCode, files(reply, aliased), cause);
    expect(await tree.read('src/controllers/sales.js')).toBe(
      aliased.replace('const record = success(', 'const record = made('),
    );
  });

  it('leaves a destructured factory alone when the sibling is not bound in the file', async () => {
    const unbound = controller
      .replace("const reply = require('../utils/reply');", "const { ok } = require('../utils/reply');")
      .replaceAll('reply.ok(', 'ok(');
    const { tree } = await applyToCause(nodeStatusCode, files(reply, unbound), cause);
    expect(await tree.read('src/controllers/sales.js')).not.toContain('created(');
  });

  it('leaves a factory without a sibling for the documented status alone', async () => {
    const only = reply.replace('  created: withStatus(201),\n', '');
    const { outcome, tree } = await applyToCause(nodeStatusCode, files(only), cause);
    expect(outcome).toBeNull();
    expect(await tree.read('src/controllers/sales.js')).toBe(controller);
  });
});
