import { nestFiles } from './nest-files.js';

/**
 * The in-memory Nest project of nest-files.ts plus two controllers that inherit their handlers
 * from one generic base class in another folder (test support): `BaseCrudController` declares
 * `@Post() @HttpCode(HttpStatus.OK) create` and `@Delete(':id') remove`, which `ShelvesController`
 * and `TagsController` serve under their own paths without redeclaring them (Tags overrides `create`).
 */
export const nestCrudFiles: Record<string, string> = {
  ...nestFiles,
  'src/root.module.ts': nestFiles['src/root.module.ts']!.replace(
    "import { AuthorsModule } from './authors/authors.module';",
    "import { AuthorsModule } from './authors/authors.module';\n" +
      "import { ShelvesModule } from './shelves/shelves.module';",
  ).replace('imports: [BooksModule,', 'imports: [BooksModule, ShelvesModule,'),
  'src/common/base-crud.controller.ts': [
    "import { Body, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';",
    '',
    'export abstract class BaseCrudController<TCreate, TOut> {',
    '  protected abstract readonly service: { create(dto: TCreate): Promise<TOut>; remove(id: string): ' +
      'Promise<void> };',
    '',
    '  @Post()',
    '  @HttpCode(HttpStatus.OK)',
    '  create(@Body() dto: TCreate): Promise<TOut> {',
    '    return this.service.create(dto);',
    '  }',
    '',
    "  @Delete(':id')",
    "  remove(@Param('id') id: string): Promise<void> {",
    '    return this.service.remove(id);',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/shelves/shelves.module.ts': [
    "import { Module } from '@nestjs/common';",
    "import { ShelvesController, TagsController } from './shelves.controller';",
    '',
    '@Module({ controllers: [ShelvesController, TagsController] })',
    'export class ShelvesModule {}',
    '',
  ].join('\n'),
  'src/shelves/shelves.controller.ts': [
    "import { Body, Controller, Post } from '@nestjs/common';",
    "import { BaseCrudController } from '../common/base-crud.controller';",
    '',
    "@Controller('shelves')",
    'export class ShelvesController extends BaseCrudController<{ name: string }, { id: string }> {',
    '  constructor(protected readonly service: never) {',
    '    super();',
    '  }',
    '}',
    '',
    "@Controller('tags')",
    'export class TagsController extends BaseCrudController<{ tag: string }, { id: string }> {',
    '  constructor(protected readonly service: never) {',
    '    super();',
    '  }',
    '',
    '  @Post()',
    '  create(@Body() dto: { tag: string }) {',
    '    return this.service.create(dto);',
    '  }',
    '}',
    '',
  ].join('\n'),
};
