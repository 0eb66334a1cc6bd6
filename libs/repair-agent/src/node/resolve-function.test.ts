import { describe, expect, it } from 'vitest';
import { nodeProjectFor } from './node-project.js';
import { resolveFunction } from './resolve-function.js';
import { memoryTree } from './test-support/memory-tree.js';

const files = {
  'src/reply.js':
    'function withStatus(status) {\n' +
    '  return (producer) => async (req, res) => res.status(status).json(await producer(req));\n}\n' +
    'module.exports = { ok: withStatus(200), created: withStatus(201) };\n',
  'src/controllers/sales.js':
    "const reply = require('../reply');\nconst service = require('../services/sales');\n\n" +
    'const show = reply.ok((req) => service.get(req.params.id));\nconst total = reply.ok(service.total);\n\n' +
    'module.exports = { show, total };\n',
  'src/routes.js':
    "const express = require('express');\nconst sales = require('./controllers/sales');\n" +
    "const router = express.Router();\nrouter.get('/:id', sales.show);\nmodule.exports = router;\n",
};

describe('resolveFunction', () => {
  it('reads `const show = wrap((req) => …)` as the function handed to the wrapper', async () => {
    const node = nodeProjectFor(memoryTree(files));
    const found = await resolveFunction(node, 'src/routes.js', 'sales.show');
    expect(found?.file).toBe('src/controllers/sales.js');
    expect(found?.fn.params).toEqual(['req']);
    expect(found?.fn.line).toBe(4);
  });

  it('finds none when the wrapper is handed a reference, not a function', async () => {
    const node = nodeProjectFor(memoryTree(files));
    expect(await resolveFunction(node, 'src/routes.js', 'sales.total')).toBeUndefined();
  });
});
