import { describe, expect, it } from 'vitest';
import { routeTable } from './js-routes.js';
import { createNodeProject } from './node-project.js';
import { memoryTree } from './test-support/memory-tree.js';

const router = (path: string) =>
  `const { Router } = require('express');\nconst router = Router();\n` +
  `router.get('${path}', (req, res) => res.json([]));\nmodule.exports = router;\n`;
const app =
  "const express = require('express');\nconst api = require('./routes');\nconst app = express();\n" +
  "app.use('/', api);\nmodule.exports = app;\n";

async function paths(index: string): Promise<string[]> {
  const tree = memoryTree({
    'src/app.js': app,
    'src/routes/index.js': index,
    'src/routes/a.js': router('/'),
    'src/routes/b.js': router('/:id'),
  });
  return (await routeTable(createNodeProject(tree))).map((r) => `${r.method} ${r.path ?? '(unmounted)'}`).sort();
}
const head =
  "const { Router } = require('express');\nconst a = require('./a');\nconst b = require('./b');\n" +
  'const router = Router();\n';

describe('mounts made in a loop over a table', () => {
  it('serves each entry of a tuple table a for…of mounts', async () => {
    const index =
      `${head}const modules = [\n  ['/alpha', a],\n  ['/beta', b],\n];\n` +
      `for (const [prefix, moduleRouter] of modules) {\n  router.use(prefix, moduleRouter);\n}\n` +
      `module.exports = router;\n`;
    expect(await paths(index)).toEqual(['get /alpha', 'get /beta/:id']);
  });

  it('serves each entry of an object table forEach mounts, and of Object.entries', async () => {
    const objects =
      `${head}const mounts = [{ path: '/alpha', routes: a }, { path: '/beta', routes: b }];\n` +
      `mounts.forEach(({ path, routes }) => router.use(path, routes));\nmodule.exports = router;\n`;
    expect(await paths(objects)).toEqual(['get /alpha', 'get /beta/:id']);
    const entries =
      `${head}const table = { '/alpha': a, '/beta': b };\n` +
      `for (const [p, r] of Object.entries(table)) router.use(p, r);\nmodule.exports = router;\n`;
    expect(await paths(entries)).toEqual(['get /alpha', 'get /beta/:id']);
  });

  it('leaves a table it cannot read unmounted: a computed path, a name declared twice', async () => {
    const computed =
      `${head}const base = '/x';\nconst modules = [[base + '/alpha', a], ['/beta', b]];\n` +
      `for (const [prefix, r] of modules) router.use(prefix, r);\nmodule.exports = router;\n`;
    expect(await paths(computed)).toEqual(['get (unmounted)', 'get (unmounted)']);
    const twice =
      `${head}let modules = [['/alpha', a]];\n` +
      `if (process.env.B) { const modules = [['/beta', b]]; void modules; }\n` +
      `for (const [prefix, r] of modules) router.use(prefix, r);\nmodule.exports = router;\n`;
    expect(await paths(twice)).toEqual(['get (unmounted)', 'get (unmounted)']);
  });
});

// The shape of a real run (a TypeScript Express app): routers made by factories taking the app's
// container, mounted from a table of factories by a function the app calls.
const factory = (name: string, path: string) =>
  `import { Router } from 'express';\nimport { Container } from '../container';\n\n` +
  `export function ${name}(container: Container): Router {\n  const router = Router();\n` +
  `  router.get('${path}', (_req, res) => res.json(container));\n  return router;\n}\n`;

async function factoryPaths(index: string): Promise<string[]> {
  const tree = memoryTree({
    'src/app.ts':
      "import express from 'express';\nimport { Container } from './container';\n" +
      "import { registerRoutes } from './routes';\n\n" +
      'export function createApp(container = new Container()) {\n  const app = express();\n' +
      '  registerRoutes(app, container);\n  return app;\n}\n',
    'src/container.ts': 'export class Container {}\n',
    'src/routes/index.ts': index,
    'src/routes/alphaRoutes.ts': factory('alphaRoutes', '/'),
    'src/routes/betaRoutes.ts': factory('betaRoutes', '/:id'),
  });
  return (await routeTable(createNodeProject(tree))).map((r) => `${r.method} ${r.path ?? '(unmounted)'}`).sort();
}
const factoryHead =
  "import { Express, Router } from 'express';\nimport { Container } from '../container';\n" +
  "import { alphaRoutes } from './alphaRoutes';\nimport { betaRoutes } from './betaRoutes';\n\n" +
  'type RouteFactory = (container: Container) => Router;\n';

describe('mounts made in a loop over a table of router factories', () => {
  it('serves each factory of a tuple table a for…of mounts by calling it', async () => {
    const index =
      `${factoryHead}\nexport const routeTable: Array<[string, RouteFactory]> = [\n` +
      `  ['/alpha', alphaRoutes],\n  ['/beta', betaRoutes],\n];\n\n` +
      `export function registerRoutes(app: Express, container: Container): void {\n` +
      `  for (const [prefix, factory] of routeTable) {\n    app.use(prefix, factory(container));\n  }\n}\n`;
    expect(await factoryPaths(index)).toEqual(['get /alpha', 'get /beta/:id']);
  });

  it('serves each factory of an object table forEach mounts by calling it', async () => {
    const index =
      `${factoryHead}\n` +
      `const mounts = [{ path: '/alpha', make: alphaRoutes }, { path: '/beta', make: betaRoutes }];\n\n` +
      `export function registerRoutes(app: Express, container: Container): void {\n` +
      `  mounts.forEach(({ path, make }) => app.use(path, make(container)));\n}\n`;
    expect(await factoryPaths(index)).toEqual(['get /alpha', 'get /beta/:id']);
  });

  it('near miss: a call of something other than the entry (a wrapper around it) is not read', async () => {
    const index =
      `${factoryHead}\nconst wrap = (r: Router) => r;\nconst routeTable: Array<[string, Router]> = [\n` +
      `  ['/alpha', alphaRoutes(new Container())],\n];\n\nexport function registerRoutes(app: Express): void {\n` +
      `  for (const [prefix, r] of routeTable) {\n    app.use(prefix, wrap(r));\n  }\n}\n`;
    expect(await factoryPaths(index)).toEqual(['get (unmounted)', 'get (unmounted)']);
  });
});
