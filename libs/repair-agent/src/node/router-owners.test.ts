import { describe, expect, it } from 'vitest';
import { findApps, routeTable } from './js-routes.js';
import { createNodeProject } from './node-project.js';
import { memoryTree } from './test-support/memory-tree.js';

const summary = async (files: Record<string, string>) =>
  (await routeTable(createNodeProject(memoryTree(files))))
    .map(
      (r) =>
        `${r.method} ${
          r.path ?? `(unmounted)` + ` ${r.localPath}`
        } ${r.owner.kind} ${r.handlerFile ?? r.file}:${r.handler?.name ?? '-'}`,
    )
    .sort();

describe('routers made by factory functions', () => {
  // The shape of a TypeScript app wired by hand: a router factory per resource taking its
  // controller (a class with arrow-function fields), mounted through an api router factory.
  const files = {
    'src/app.ts':
      "import express from 'express';\nimport { apiRouter } from './routes';\n" +
      'export function createApp() {\n  const app = express();\n  app.use(express.json());\n' +
      '  app.use(apiRouter(makeControllers()));\n  return app;\n}\n',
    'src/routes/index.ts':
      "import { Router } from 'express';\nimport { lessonRoutes } from './lesson.routes';\n" +
      'export function apiRouter(c: Controllers): Router {\n  const router = Router();\n' +
      "  router.use('/lessons', lessonRoutes(c.lessons));\n  return router;\n}\n",
    'src/routes/lesson.routes.ts':
      "import { Router } from 'express';\n" +
      "import { LessonController } from '../controllers/lesson.controller';\n" +
      "import { wrap } from '../wrap';\n" +
      'export function lessonRoutes(controller: LessonController): Router {\n  const router = Router();\n' +
      "  router.get('/', wrap(controller.list));\n" +
      "  router.post('/:id/seats', controller.reserve.bind(controller));\n  return router;\n}\n",
    'src/controllers/lesson.controller.ts':
      "import { Request, Response } from 'express';\nexport class LessonController {\n" +
      '  constructor(private readonly lessons: LessonService) {}\n' +
      '  list = async (_req: Request, res: Response): Promise<void> => {\n' +
      '    res.json(await this.lessons.all());\n  };\n' +
      '  async reserve(req: Request, res: Response): Promise<void> {\n    res.status(201).json({});\n  }\n' +
      '}\n',
  };

  it(`serves a factory’s routes under the prefixes its calls are mounted with, handlers in the parameter’s \
class`, async () => {
    expect(await summary(files)).toEqual([
      'get /lessons router src/controllers/lesson.controller.ts:list',
      'post /lessons/:id/seats router src/controllers/lesson.controller.ts:reserve',
    ]);
  });

  it('does not take a router factory’s local for an app', async () => {
    const apps = await findApps(createNodeProject(memoryTree(files)));
    expect(apps.map((a) => `${a.file}:${a.name}`)).toEqual(['src/app.ts:app']);
  });

  it('leaves a factory nobody calls from a mount unmounted (near miss: its routes have no path)', async () => {
    const lost = {
      ...files,
      'src/routes/index.ts':
        "import { Router } from 'express';\nimport { lessonRoutes } from './lesson.routes';\n" +
        'export function apiRouter(c: Controllers): Router {\n  const router = Router();\n' +
        '  return router;\n}\n',
    };
    expect(await summary(lost)).toEqual([
      'get (unmounted) / router src/controllers/lesson.controller.ts:list',
      'post (unmounted) /:id/seats router src/controllers/lesson.controller.ts:reserve',
    ]);
  });
});

describe('routers held by class instances', () => {
  it(`serves \`this.router\` routes where an instance’s field is mounted, handlers being the class’s own \
methods`, async () => {
    const routes = await summary({
      'src/server.ts':
        "import express from 'express';\nimport { KilnController } from './kiln.controller';\n" +
        "import { members } from './members.controller';\nconst app = express();\n" +
        "app.use('/kilns', new KilnController().router);\napp.use('/members', members.router);\n" +
        'app.listen(3000);\n',
      'src/kiln.controller.ts':
        "import { Router, Request, Response } from 'express';\nexport class KilnController {\n" +
        "  public router = Router();\n  constructor() {\n    this.router.get('/:id', this.getOne);\n" +
        "    this.router.route('/').post(this.create.bind(this));\n  }\n" +
        '  getOne = (req: Request, res: Response) => res.json({});\n' +
        '  create(req: Request, res: Response) {\n    res.status(201).json({});\n  }\n}\n',
      'src/members.controller.ts':
        "import express from 'express';\nclass MembersController {\n  router: express.Router;\n" +
        '  constructor() {\n    this.router = express.Router();\n    this.routes();\n  }\n' +
        "  private routes() {\n    this.router.get('/', this.list);\n  }\n" +
        '  list = async (req, res) => res.json([]);\n}\nexport const members = new MembersController();\n',
    });
    expect(routes).toEqual([
      'get /kilns/:id router src/kiln.controller.ts:getOne',
      'get /members router src/members.controller.ts:list',
      'post /kilns router src/kiln.controller.ts:create',
    ]);
  });

  it('leaves a class’s router unmounted when no instance of it is mounted (near miss)', async () => {
    const routes = await summary({
      'src/server.ts':
        "import express from 'express';\nconst app = express();\napp.get('/health', (req, res) => res.json({}));\n",
      'src/kiln.controller.ts':
        "import { Router } from 'express';\nexport class KilnController {\n  router = Router();\n" +
        "  constructor() {\n    this.router.get('/:id', this.getOne);\n  }\n" +
        '  getOne = (req, res) => res.json({});\n}\n',
    });
    expect(routes).toEqual([
      'get (unmounted) /:id router src/kiln.controller.ts:getOne',
      'get /health app src/server.ts:',
    ]);
  });
});
