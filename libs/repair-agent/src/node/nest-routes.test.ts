import { describe, expect, it } from 'vitest';
import { parseProgram } from './js-ast.js';
import { nestFileFacts } from './nest-decorators.js';
import { nestApp } from './nest-routes.js';
import { createNodeProject } from './node-project.js';
import { memoryTree } from './test-support/memory-tree.js';
import { nestCrudFiles } from './test-support/nest-crud-files.js';
import { nestFiles } from './test-support/nest-files.js';

async function appOf(files: Record<string, string>) {
  const tree = memoryTree(files);
  return nestApp(createNodeProject(tree), tree);
}

describe('nestApp', () => {
  it('serves the controllers of modules reached from the bootstrapped one, under the global prefix', async () => {
    const app = await appOf(nestFiles);
    const summary = app!.routes
      .map((r) => `${r.method} ${r.path ?? `(unmounted) ${r.fullPath}`} ${r.controller.name}.${r.handler.name}`)
      .sort();
    expect(summary).toEqual([
      'delete /v1/books/:id BooksController.remove',
      'get (unmounted) /v1/books/:bookId/reviews ReviewsController.list',
      'get (unmounted) /v1/orphans OrphanController.list',
      'get /v1/authors/:name AuthorsController.byName',
      'get /v1/books BooksController.list',
      'get /v1/books/:id BooksController.one',
      'get /v1/writers/:name AuthorsController.byName',
      'post (unmounted) /v1/books/:bookId/reviews ReviewsController.add',
      'post /v1/books/:id/borrow BooksController.borrow',
    ]);
    expect(app!.modules.map((m) => `${m.module.name} ${m.reachable}`).sort()).toEqual([
      'AuthorsModule true',
      'BooksModule true',
      'OrphanModule false',
      'RootModule true',
    ]);
  });

  it(`serves the handlers a controller inherits from a base class under its own path, in the base file, unless it \
redeclares them`, async () => {
    const app = await appOf(nestCrudFiles);
    const inherited = app!.routes
      .filter((r) => r.path?.match(/shelves|tags/))
      .map((r) => `${r.method} ${r.path} ${r.controller.name}.${r.handler.name} ${r.handlerFile}`)
      .sort();
    expect(inherited).toEqual([
      'delete /v1/shelves/:id ShelvesController.remove src/common/base-crud.controller.ts',
      'delete /v1/tags/:id TagsController.remove src/common/base-crud.controller.ts',
      'post /v1/shelves ShelvesController.create src/common/base-crud.controller.ts',
      'post /v1/tags TagsController.create src/shelves/shelves.controller.ts',
    ]);
  });

  it(`reads a global prefix from a config module it is imported from, and leaves the paths its exclude option names \
unprefixed`, async () => {
    const main = nestFiles['src/main.ts']!.replace(
      "import { RootModule } from './root.module';",
      "import { RootModule } from './root.module';\nimport { settings } from './settings';",
    ).replace(
      "app.setGlobalPrefix('v1');",
      "app.setGlobalPrefix(settings.http.prefix, { exclude: ['books', { path: 'writers/:name', method: 0 }] });",
    );
    const app = await appOf({
      ...nestFiles,
      'src/main.ts': main,
      'src/settings.ts': "export const settings = {\n  http: { prefix: process.env.PREFIX ?? 'api' },\n};\n",
    });
    expect(app!.globalPrefix).toBe('api');
    expect(
      app!.routes
        .filter((r) => r.path !== null)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'delete /api/books/:id',
      'get /api/authors/:name',
      'get /api/books/:id',
      'get /books',
      'get /writers/:name',
      'post /api/books/:id/borrow',
    ]);
  });

  it('is null for a project with no Nest controller or module', async () => {
    expect(await appOf({ 'src/app.ts': "import express from 'express';\nexport const app = express();\n" })).toBeNull();
  });

  it('serves every listed controller when no bootstrap is found, without a prefix', async () => {
    const app = await appOf(Object.fromEntries(Object.entries(nestFiles).filter(([file]) => file !== 'src/main.ts')));
    expect(app!.routes.filter((r) => r.path !== null).map((r) => r.path)).toContain('/orphans');
    expect(app!.globalPrefix).toBe('');
  });
});

describe('nestFileFacts', () => {
  it('reads @HttpCode, the route decorator and parameter decorators of a handler', () => {
    const facts = nestFileFacts(parseProgram('books.controller.ts', nestFiles['src/books/books.controller.ts']!));
    const borrow = facts.controllers[0]!.handlers.find((h) => h.name === 'borrow')!;
    expect(borrow.httpCode?.text).toBe('202');
    expect(borrow.paramDecorators).toEqual(['Param']);
    expect(facts.controllers[0]!.handlers.find((h) => h.name === 'remove')!.httpCode).toBeUndefined();
  });

  it('reads a module without a controllers array, and ignores decorators not imported from @nestjs', () => {
    const source =
      "import { Module } from '@nestjs/common';\nimport { Controller } from './fake';\n@Controller('x')\n" +
      'export class X {}\n@Module({ imports: [] })\nexport class M {}\n';
    const facts = nestFileFacts(parseProgram('m.ts', source));
    expect(facts.controllers).toEqual([]);
    expect(facts.modules[0]).toMatchObject({ name: 'M', controllers: [] });
    expect(facts.modules[0]!.controllersArray).toBeUndefined();
  });
});
