import { describe, expect, it } from 'vitest';
import { applyToCause } from './test-support/apply-to-cause.js';
import { nodeStatusCode } from './status-code.js';

async function repair(files: Record<string, string>, endpoint: string) {
  const cause = {
    kind: 'status_mismatch',
    endpoints: [endpoint],
    violations: [{ endpoint, expectedStatus: 201, actualStatus: 200 }],
  };
  return applyToCause(nodeStatusCode, files, cause);
}

const base = (created: string) =>
  `import { Response } from 'express';\n\nexport abstract class BaseController {\n` +
  `  protected ok<T>(res: Response, body: T): void {\n    res.status(200).json(body);\n  }\n\n` +
  `  protected created<T>(res: Response, body: T): void {\n    ${created}\n  }\n}\n`;
const controller =
  "import { Request, Response } from 'express';\nimport { BaseController } from './base.controller';\n\n" +
  'export class GlazeController extends BaseController {\n' +
  '  constructor(private readonly glazes: GlazeService) {\n    super();\n  }\n\n' +
  '  list = async (_req: Request, res: Response): Promise<void> => {\n' +
  '    this.ok(res, await this.glazes.list());\n  };\n\n' +
  '  create = async (req: Request, res: Response): Promise<void> => {\n' +
  '    const glaze = await this.glazes.create(req.body);\n    this.ok(res, glaze);\n  };\n}\n';
const tsFiles = (created: string) => ({
  'src/app.ts':
    "import express from 'express';\nimport { glazeRoutes } from './glaze.routes';\n" +
    'export function createApp(c: any) {\n  const app = express();\n' +
    "  app.use('/glazes', glazeRoutes(c.glazes));\n  return app;\n}\n",
  'src/glaze.routes.ts':
    "import { Router } from 'express';\nimport { GlazeController } from './glaze.controller';\n" +
    'export function glazeRoutes(controller: GlazeController): Router {\n  const router = Router();\n' +
    "  router.get('/', controller.list);\n  router.post('/', controller.create);\n  return router;\n}\n",
  'src/glaze.controller.ts': controller,
  'src/base.controller.ts': base(created),
});

describe('node.status-code through a response helper named for its status', () => {
  it('this.ok(res, x) → this.created(res, x), the helpers in a base class', async () => {
    const { outcome, tree } = await repair(tsFiles('res.status(201).json(body);'), 'POST /glazes');
    expect(outcome?.summary).toBe('send 201 from the handler of POST /glazes in src/glaze.controller.ts');
    expect(await tree.read('src/glaze.controller.ts')).toBe(
      controller.replace('    this.ok(res, glaze);', '    this.created(res, glaze);'),
    );
    expect(await tree.read('src/base.controller.ts')).toBe(base('res.status(201).json(body);'));
  });

  it('ok(res, x) → created(res, x), module functions beside the handler (JavaScript)', async () => {
    const routes =
      "const router = require('express').Router();\nfunction ok(res, body) {\n" +
      '  return res.status(200).json(body);\n}\nfunction created(res, body) {\n' +
      "  return res.status(201).json(body);\n}\nrouter.post('/', async (req, res) => {\n" +
      '  ok(res, { id: 1, ...req.body });\n});\nmodule.exports = router;\n';
    const { tree } = await repair(
      {
        'src/app.js':
          "const express = require('express');\nconst app = express();\napp.use('/kilns', require('./kilns'));\n",
        'src/kilns.js': routes,
      },
      'POST /kilns',
    );
    expect(await tree.read('src/kilns.js')).toBe(routes.replace('  ok(res, { id', '  created(res, { id'));
  });

  it('leaves the handler alone when the 201 helper does more than send another status (near miss)', async () => {
    const { outcome, tree } = await repair(tsFiles("res.status(201).location('/glazes').json(body);"), 'POST /glazes');
    expect(outcome).toBeNull();
    expect(await tree.read('src/glaze.controller.ts')).toBe(controller);
  });
});
