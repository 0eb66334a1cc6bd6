import { describe, expect, it } from 'vitest';
import { createNodeProject } from './node-project.js';
import { memoryTree } from './test-support/memory-tree.js';

const cjs = {
  'src/settings.js': 'module.exports = {\n  paging: { maxNotes: 50 },\n  titles: { maxLength: 120 },\n};\n',
  'src/store.js':
    'class Store {\n  constructor() { this.items = []; }\n  async all() { return this.items; }\n' +
    '  count() { return 0; }\n}\nmodule.exports = { store: new Store() };\n',
  'src/models/note.js': 'class Note {}\nmodule.exports = Note;\n',
  'src/routes/a.js':
    "const settings = require('../settings');\nconst { store } = require('../store');\n" +
    "async function plugin(app) {\n  app.get('/', async (req, reply) => ({ n: settings.paging.maxNotes }));" +
    '\n}\nmodule.exports = plugin;\n',
};

describe('createNodeProject (CommonJS)', () => {
  it('resolves a required object literal, with nested keys', async () => {
    const project = createNodeProject(memoryTree(cjs));
    const target = await project.bindingTarget('src/routes/a.js', 'settings');
    expect(target?.members).toEqual(['paging', 'titles']);
    expect(target?.shape?.nested['paging']?.keys).toEqual(['maxNotes']);
  });

  it('resolves a destructured required instance to its class members, async ones marked', async () => {
    const project = createNodeProject(memoryTree(cjs));
    const target = await project.bindingTarget('src/routes/a.js', 'store');
    expect(target?.members).toEqual(expect.arrayContaining(['items', 'all', 'count']));
    expect(target?.asyncMembers).toEqual(['all']);
    expect([...(await project.asyncNames())]).toEqual(expect.arrayContaining(['all', 'plugin']));
  });

  it('finds default (module.exports = X) and named exporters', async () => {
    const project = createNodeProject(memoryTree(cjs));
    expect(await project.exportersOf('Note')).toMatchObject([{ file: 'src/models/note.js', isDefault: true }]);
    expect(await project.exportersOf('store')).toMatchObject([{ file: 'src/store.js', isDefault: false }]);
  });
});

const esm = {
  'src/lib/text.js': 'export function slugify(t) { return t; }\nexport const tidy = (t) => t;\n',
  'src/routes/r.js':
    "import { Router } from 'express';\nimport { tidy } from '../lib/text.js';\nconst router = Router();\n" +
    "router.post('/', async (req, res) => { res.json(tidy(req.body.name)); });\nexport default router;\n",
  'src/app.js':
    "import express from 'express';\nimport other from './routes/other.js';\n" +
    "export function createApp() {\n  const app = express();\n  app.use('/other', other);\n  return app;\n" +
    '}\n',
  'src/routes/other.js':
    "import { Router } from 'express';\nconst router = Router();\n" +
    "router.get('/:id', (req, res) => res.json({}));\nexport default router;\n",
};

describe('createNodeProject (ESM)', () => {
  it('indexes imports, exports, functions and their calls', async () => {
    const project = createNodeProject(memoryTree(esm));
    const module = (await project.modules()).get('src/routes/r.js')!;
    expect(module.style).toBe('esm');
    expect(module.imports.map((i) => i.source)).toEqual(['express', '../lib/text.js']);
    expect(module.exports).toEqual([{ name: 'default', local: 'router' }]);
    const handler = await project.functionAt('src/routes/r.js', 4);
    expect(handler?.async).toBe(true);
    expect(handler?.params).toEqual(['req', 'res']);
    expect(handler?.calls.map((c) => c.text)).toEqual(['tidy', 'res.json']);
    expect(await project.resolve('src/routes/r.js', '../lib/text.js')).toBe('src/lib/text.js');
    expect(await project.resolve('src/routes/r.js', '../lib/text')).toBe('src/lib/text.js');
  });
});

const ts = {
  'src/users.service.ts':
    'export class UsersService {\n  private rows: { id: number }[] = [];\n' +
    '  async byId(id: number) { return this.rows.find((r) => r.id === id); }\n}\n' +
    'export const users = new UsersService();\n',
  'src/routes/users.ts':
    "import { Router, type Request } from 'express';\nimport { users } from '../users.service.js';\n" +
    'export const router = Router();\n' +
    "router.get('/:id', async (req: Request, res) => { res.json(await users.byId(Number(req.params.id))); }" +
    ');\n',
  'src/types.d.ts': 'declare module "x" { export const y: number; }\n',
  'dist/routes/users.js': 'export const router = 1;\n',
  'src/routes/users.spec.ts': "import { router } from './users.js';\n",
};

describe('createNodeProject (TypeScript)', () => {
  it(`indexes .ts sources (not declarations, specs or compiled output) and resolves \`.js\` specifiers to \
them`, async () => {
    const project = createNodeProject(memoryTree(ts));
    expect([...(await project.modules()).keys()].sort()).toEqual(['src/routes/users.ts', 'src/users.service.ts']);
    expect(await project.resolve('src/routes/users.ts', '../users.service.js')).toBe('src/users.service.ts');
    expect(await project.resolve('src/routes/users.ts', '../users.service')).toBe('src/users.service.ts');
    const target = await project.bindingTarget('src/routes/users.ts', 'users');
    expect(target).toMatchObject({ file: 'src/users.service.ts', asyncMembers: ['byId'] });
    expect([...(target?.members ?? [])].sort()).toEqual(['byId', 'rows']);
  });
});

describe('createNodeProject (path aliases)', () => {
  const service = 'export class Vehicles {\n  async list() {\n    return [];\n  }\n}\n';
  const resolved = async (files: Record<string, string>, specifiers: string[]) => {
    const project = createNodeProject(memoryTree(files));
    return Promise.all(specifiers.map((s) => project.resolve('src/app.ts', s)));
  };
  it(`resolves a tsconfig paths alias (with comments and baseUrl) to the TypeScript source of the import's .js \
name`, async () => {
    const files = {
      'tsconfig.json':
        '{\n  // aliases\n  "compilerOptions": {\n    "baseUrl": "./src",\n    "outDir": "dist",\n' +
        '    "paths": { "@services/*": ["services/*"], "@config": ["config.ts"], },\n  },\n}\n',
      'src/services/vehicles.ts': service,
      'src/config.ts': 'export const config = { port: 1 };\n',
      'src/app.ts':
        "import { Vehicles } from '@services/vehicles.js';\nimport { config } from '@config';\n" +
        'export const v = new Vehicles();\nexport const port = config.port;\n',
    };
    expect(await resolved(files, ['@services/vehicles.js', '@config', 'express'])).toEqual([
      'src/services/vehicles.ts',
      'src/config.ts',
      undefined,
    ]);
  });

  it('resolves package.json subpath imports that point into the build output to the sources (JS and TS)', async () => {
    const files = {
      'package.json':
        '{ "type": "module", "imports": { "#services/*": { "types": "./src/services/*.ts", "default": ' +
        '"./dist/services/*.js" }, "#lib/*": "./lib/*" } }\n',
      'tsconfig.json': '{ "compilerOptions": { "outDir": "./dist", "rootDir": "./src" } }\n',
      'src/services/vehicles.ts': service,
      'lib/text.js': 'export const tidy = (t) => t;\n',
      'src/app.ts': "import { Vehicles } from '#services/vehicles';\n",
    };
    expect(await resolved(files, ['#services/vehicles', '#lib/text.js', '#missing/x.js'])).toEqual([
      'src/services/vehicles.ts',
      'lib/text.js',
      undefined,
    ]);
  });
});
