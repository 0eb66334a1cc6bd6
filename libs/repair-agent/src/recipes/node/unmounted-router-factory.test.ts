import { describe, expect, it } from 'vitest';
import { applyToCause } from './test-support/apply-to-cause.js';
import { nodeUnmountedRouter } from './unmounted-router.js';

// The shape of a real run (a TypeScript Express app): the router is made by a factory that takes
// the app's container, mounted from a table of factories. `app.use('/reports', reportRoutes)`
// made Express call the factory as middleware, and GET /reports/daily hung instead of answering;
// the table is where it goes.
const tsApp = {
  'src/app.ts':
    "import express, { Express } from 'express';\nimport { Container } from './container';\n" +
    "import { errorHandler, notFoundHandler } from './middleware/errorHandler';\n" +
    "import { registerRoutes } from './routes';\n\n" +
    'export function createApp(container: Container = new Container()): Express {\n' +
    '  const app = express();\n  app.use(express.json());\n  registerRoutes(app, container);\n\n' +
    '  app.use(notFoundHandler);\n  app.use(errorHandler);\n  return app;\n}\n',
  'src/container.ts': 'export class Container {\n  reportService = {};\n}\n',
  'src/middleware/errorHandler.ts':
    "import { Request, Response, NextFunction } from 'express';\n" +
    'export function notFoundHandler(req: Request, res: Response): void {\n' +
    "  res.status(404).json({ error: 'not found' });\n}\n" +
    'export function errorHandler(err: Error, req: Request, res: Response, next: NextFunction): void {\n' +
    '  res.status(500).json({ error: err.message });\n}\n',
  'src/routes/index.ts':
    "import { Express, Router } from 'express';\nimport { Container } from '../container';\n" +
    "import { customerRoutes } from './customerRoutes';\nimport { reportRoutes } from './reportRoutes';\n\n" +
    'type RouteFactory = (container: Container) => Router;\n\n' +
    "export const routeTable: Array<[string, RouteFactory]> = [['/customers', customerRoutes]];\n\n" +
    'export function registerRoutes(app: Express, container: Container): void {\n' +
    '  for (const [prefix, factory] of routeTable) {\n    app.use(prefix, factory(container));\n  }\n}\n\n' +
    'export { reportRoutes };\n',
  'src/routes/customerRoutes.ts':
    "import { Router } from 'express';\nimport { Container } from '../container';\n\n" +
    'export function customerRoutes(container: Container): Router {\n  const router = Router();\n' +
    "  router.get('/', (_req, res) => res.json([]));\n  return router;\n}\n",
  'src/routes/reportRoutes.ts':
    "import { Router } from 'express';\nimport { Container } from '../container';\n\n" +
    'export function reportRoutes(container: Container): Router {\n  const router = Router();\n' +
    "  router.get('/daily', (_req, res) => res.json({ container: Boolean(container) }));\n" +
    '  return router;\n}\n',
};

const jsApp = {
  'app.js':
    "const express = require('express');\nconst { reportRoutes } = require('./report.routes');\n" +
    'const app = express();\napp.use(express.json());\n' +
    'app.use((err, req, res, next) => res.status(500).end());\nmodule.exports = app;\n',
  'report.routes.js':
    "const { Router } = require('express');\nfunction reportRoutes(db) {\n  const router = Router();\n" +
    "  router.get('/daily', (req, res) => res.json(db.daily()));\n  return router;\n}\n" +
    'module.exports = { reportRoutes };\n',
};

const mountFor = (files: Record<string, string>, endpoints: string[]) =>
  applyToCause(nodeUnmountedRouter, files, { kind: 'route_missing', endpoints });

describe('node.unmounted-router with a router a factory makes', () => {
  it('adds a factory to the table of factories the routes are mounted from (TypeScript)', async () => {
    const { outcome, tree } = await mountFor(tsApp, ['GET /reports/daily']);
    expect(outcome?.summary).toBe('mount reportRoutes (src/routes/reportRoutes.ts) at /reports');
    expect(await tree.read('src/app.ts')).toBe(tsApp['src/app.ts']);
    expect(await tree.read('src/routes/index.ts')).toBe(
      tsApp['src/routes/index.ts'].replace(
        "['/customers', customerRoutes]]",
        "['/customers', customerRoutes], ['/reports', reportRoutes]]",
      ),
    );
  });

  it('mounts nothing when the factory takes arguments (JavaScript, mounted on the app)', async () => {
    const { outcome, tree } = await mountFor(jsApp, ['GET /reports/daily']);
    expect(outcome).toBeNull();
    expect(await tree.read('app.js')).toBe(jsApp['app.js']);
  });

  it('near miss: a factory taking nothing is mounted by calling it', async () => {
    const files = {
      ...jsApp,
      'report.routes.js': jsApp['report.routes.js'].replace(/\(db\)/, '()').replace('db.daily()', '[]'),
    };
    const { outcome, tree } = await mountFor(files, ['GET /reports/daily']);
    expect(outcome?.summary).toContain('mount reportRoutes');
    expect(await tree.read('app.js')).toContain("app.use('/reports', reportRoutes());\n");
  });
});
