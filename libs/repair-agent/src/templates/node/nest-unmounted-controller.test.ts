import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestUnmountedController } from './nest-unmounted-controller.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const missing = (endpoint: string) => ({ kind: 'route_missing' as const, endpoint, expected: 200, actual: 404 });

describe('node.nest-unmounted-controller', () => {
  it("lists the controller in its folder's module, with its import", async () => {
    const { context } = templateContext(nestFiles, missing('GET /v1/books/{bookId}/reviews'));
    const found = await allCandidates(nodeNestUnmountedController, context, ['src/books/books.module.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-unmounted-controller#BooksModule']);
    expect(found[0]!.files['src/books/books.module.ts']).toBe(
      nestFiles['src/books/books.module.ts']!.replace(
        "from './books.controller';\n",
        "from './books.controller';\nimport { ReviewsController } from './reviews.controller';\n",
      ).replace('controllers: [BooksController],', 'controllers: [BooksController, ReviewsController],'),
    );
  });

  it('adds a controllers array to a feature module that has none', async () => {
    const files = {
      ...nestFiles,
      'src/root.module.ts': nestFiles['src/root.module.ts']!.replace(
        "import { AuthorsModule } from './authors/authors.module';\n",
        "import { AuthorsModule } from './authors/authors.module';\nimport { TagsModule } from './tags/tags.module';\n",
      ).replace('imports: [BooksModule,', 'imports: [TagsModule, BooksModule,'),
      'src/tags/tags.module.ts':
        "import { Module } from '@nestjs/common';\nimport { TagsService } from './tags.service';\n\n" +
        '@Module({ providers: [TagsService] })\nexport class TagsModule {}\n',
      'src/tags/tags.service.ts':
        "import { Injectable } from '@nestjs/common';\n\n@Injectable()\nexport class TagsService {}\n",
      'src/tags/tags.controller.ts':
        "import { Controller, Get } from '@nestjs/common';\n\n@Controller('tags')\n" +
        'export default class TagsController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n',
    };
    const { context } = templateContext(files, missing('GET /v1/tags'));
    const found = await allCandidates(nodeNestUnmountedController, context, ['src/tags/tags.module.ts']);
    expect(found[0]!.files['src/tags/tags.module.ts']).toBe(
      "import { Module } from '@nestjs/common';\nimport { TagsService } from './tags.service';\n" +
        "import TagsController from './tags.controller';\n\n" +
        '@Module({ controllers: [TagsController], providers: [TagsService] })\nexport class TagsModule {}\n',
    );
  });

  it(`lists a controller of a flat controllers/ folder in the module listing its siblings, on a new line of a \
multi-line list`, async () => {
    const files = {
      'src/main.ts':
        "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\n" +
        'NestFactory.create(AppModule).then((app) => app.listen(3000));\n',
      'src/app.module.ts':
        "import { Module } from '@nestjs/common';\n" +
        "import { UsersController } from './controllers/users.controller';\n\n@Module({\n  controllers: [\n" +
        '    UsersController,\n  ],\n})\nexport class AppModule {}\n',
      'src/controllers/users.controller.ts':
        "import { Controller, Get } from '@nestjs/common';\n\n@Controller('users')\n" +
        'export class UsersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n',
      'src/controllers/orders.controller.ts':
        "import { Controller, Get } from '@nestjs/common';\n\n@Controller('orders')\n" +
        "export class OrdersController {\n  @Get(':id')\n  one() {\n    return {};\n  }\n}\n",
    };
    const { context } = templateContext(files, missing('GET /orders/{id}'));
    const found = await allCandidates(nodeNestUnmountedController, context, ['src/app.module.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-unmounted-controller#AppModule']);
    expect(found[0]!.files['src/app.module.ts']).toBe(
      "import { Module } from '@nestjs/common';\n" +
        "import { UsersController } from './controllers/users.controller';\n" +
        "import { OrdersController } from './controllers/orders.controller';\n\n@Module({\n  controllers: [\n" +
        '    UsersController,\n    OrdersController,\n  ],\n})\nexport class AppModule {}\n',
    );
  });

  it('imports a module nothing imports into the root module when it lists the controller', async () => {
    const { context } = templateContext(nestFiles, missing('GET /v1/orphans'));
    const found = await allCandidates(nodeNestUnmountedController, context, ['src/root.module.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-unmounted-controller#import-OrphanModule']);
    expect(found[0]!.files['src/root.module.ts']).toBe(
      nestFiles['src/root.module.ts']!.replace(
        "from './authors/authors.module';\n",
        "from './authors/authors.module';\nimport { OrphanModule } from './orphan/orphan.module';\n",
      ).replace('forwardRef(() => AuthorsModule)]', 'forwardRef(() => AuthorsModule), OrphanModule]'),
    );
  });

  it("imports the module of the unserved routes when a served route's own 404 is grouped with them", async () => {
    const { context } = templateContext(nestFiles, missing('GET /v1/books/{id}'));
    const orphans = { ...context.cause.violations[0]!, endpoint: 'GET /v1/orphans' };
    const cause = {
      ...context.cause,
      endpoints: ['GET /v1/books/{id}', 'GET /v1/orphans'],
      violations: [context.cause.violations[0]!, orphans],
    };
    const found = await allCandidates(nodeNestUnmountedController, { ...context, cause }, ['src/root.module.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-unmounted-controller#import-OrphanModule']);
  });

  it('leaves a route a mounted controller serves alone, and a project without a Nest bootstrap or module', async () => {
    const { context } = templateContext(nestFiles, missing('GET /v1/books/{id}'));
    expect(await allCandidates(nodeNestUnmountedController, context, [])).toEqual([]);
    const express = templateContext(
      { 'src/app.ts': "import express from 'express';\nexport const app = express();\n" },
      missing('GET /v1/books'),
    );
    expect(await allCandidates(nodeNestUnmountedController, express.context, [])).toEqual([]);
  });
});
