import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { createPythonProject } from '../../python/python-project.js';
import { fakeInspector } from '../../python/test-support/fake-python.js';
import type { RootCause } from '../../types.js';
import { nodeUnmountedRouter } from './unmounted-router.js';

const app =
  "const express = require('express');\nconst apiRouter = require('./routes');\n" +
  "const { notFound } = require('./errors');\n\nconst app = express();\napp.use('/', apiRouter);\n" +
  'app.use(notFound);\nmodule.exports = app;\n';
const router = (path: string) =>
  `const { Router } = require('express');\nconst router = Router();\n` +
  `router.get('${path}', (req, res) => res.json([]));\nmodule.exports = router;\n`;
const tupleIndex =
  "const { Router } = require('express');\nconst partsRoutes = require('./parts.routes');\n" +
  "const statsRoutes = require('./stats.routes');\n\nconst router = Router();\n\nconst modules = [\n" +
  "  ['/parts', partsRoutes],\n];\n\nfor (const [prefix, moduleRouter] of modules) {\n" +
  '  router.use(prefix, moduleRouter);\n}\n\nmodule.exports = router;\n';

async function mountFor(index: string, endpoints: string[]) {
  const tree = memoryTree({
    'src/app.js': app,
    'src/errors.js': 'function notFound(req, res) { res.status(404).json({}); }\nmodule.exports = { notFound };\n',
    'src/routes/index.js': index,
    'src/routes/parts.routes.js': router('/:id'),
    'src/routes/stats.routes.js': router('/workload'),
  });
  const cause = { kind: 'route_missing', endpoints } as unknown as RootCause;
  const outcome = await nodeUnmountedRouter.apply({
    cause,
    tree,
    python: createPythonProject(tree, fakeInspector([])),
    node: createNodeProject(tree),
    culprit: null,
    exception: null,
  });
  return { outcome, app: await tree.read('src/app.js'), index: await tree.read('src/routes/index.js') };
}

describe('node.unmounted-router with routers mounted from a table', () => {
  it('adds the imported router as one more entry of a tuple table', async () => {
    const { outcome, app: after, index } = await mountFor(tupleIndex, ['GET /stats/workload']);
    expect(outcome?.summary).toContain('on router (src/routes/index.js)');
    expect(index).toBe(
      tupleIndex.replace("  ['/parts', partsRoutes],\n", "  ['/parts', partsRoutes],\n  ['/stats', statsRoutes],\n"),
    );
    expect(after).toBe(app);
  });

  it('adds an entry to a one-line table of objects, written like its last entry', async () => {
    const objects = tupleIndex
      .replace("[\n  ['/parts', partsRoutes],\n]", '[{ path: "/parts", routes: partsRoutes }]')
      .replace(/for \(const[^}]*\}\n/, 'modules.forEach(({ path, routes }) => router.use(path, routes));\n');
    const { index } = await mountFor(objects, ['GET /stats/workload']);
    expect(index).toContain('[{ path: "/parts", routes: partsRoutes }, { path: "/stats", routes: statsRoutes }]');
  });

  it('near miss: a router the table module never imports is mounted on the app, the table left alone', async () => {
    const notImported = tupleIndex.replace("const statsRoutes = require('./stats.routes');\n", '');
    const { index, app: after } = await mountFor(notImported, ['GET /stats/workload']);
    expect(index).toBe(notImported);
    expect(after).toContain("app.use('/', apiRouter);\napp.use('/stats', ");
  });
});
