import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestNotFound } from './nest-not-found.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

describe('node.nest-not-found', () => {
  it('throws NotFoundException after a lookup by the @Param id in a controller, importing it', async () => {
    const { context } = templateContext(nestFiles, {
      kind: 'runtime_error',
      endpoint: 'GET /v1/books/{id}',
      log: reading('title', `BooksController.one (/app/${CONTROLLER}:15:24)`),
      responses: ['200', '404'],
    });
    const found = await allCandidates(nodeNestNotFound, context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(
      nestFiles[CONTROLLER]!.replace('HttpCode, Param, Post', 'HttpCode, NotFoundException, Param, Post').replace(
        'b.id === id);\n',
        "b.id === id);\n    if (!book) throw new NotFoundException('Book not found');\n",
      ),
    );
  });

  it('throws from a service whose awaited repository lookup found nothing', async () => {
    const service =
      "import { Injectable } from '@nestjs/common';\nimport { Repo } from './repo';\n\n@Injectable()\n" +
      'export class AuthorsService {\n  constructor(private readonly repo: Repo) {}\n\n' +
      '  async profile(name: string) {\n    const row = await this.repo.findByName(name);\n' +
      '    return { name: row.name, born: row.born };\n  }\n}\n';
    const files = {
      ...nestFiles,
      'src/authors/authors.service.ts': service,
      'src/authors/repo.ts': 'export class Repo {\n  async findByName(name: string) {\n    return undefined;\n  }\n}\n',
    };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /v1/authors/{name}',
      log: reading('name', 'AuthorsService.profile (/app/src/authors/authors.service.ts:10:24)'),
      responses: ['200', '404'],
    });
    const found = await allCandidates(nodeNestNotFound, context, ['src/authors/authors.service.ts']);
    expect(found[0]!.files['src/authors/authors.service.ts']).toBe(
      service
        .replace('{ Injectable }', '{ Injectable, NotFoundException }')
        .replace(
          'findByName(name);\n',
          "findByName(name);\n    if (!row) throw new NotFoundException('Author not found');\n",
        ),
    );
  });

  it('leaves an operation without a documented 404, and a lookup by a constant, alone', async () => {
    const constant = {
      ...nestFiles,
      [CONTROLLER]: nestFiles[CONTROLLER]!.replace('b.id === id);', "b.id === 'first');"),
    };
    for (const [files, responses] of [
      [nestFiles, ['200']],
      [constant, ['200', '404']],
    ] as const) {
      const { context } = templateContext(files, {
        kind: 'runtime_error',
        endpoint: 'GET /v1/books/{id}',
        log: reading('title', `BooksController.one (/app/${CONTROLLER}:15:24)`),
        responses,
      });
      expect(await allCandidates(nodeNestNotFound, context, [])).toEqual([]);
    }
  });
});
