import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nestCrudFiles } from '../../node/test-support/nest-crud-files.js';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestHttpCode } from './nest-http-code.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
const mismatch = (endpoint: string, expected: number, actual: number) => ({
  kind: 'status_mismatch' as const,
  endpoint,
  expected,
  actual,
});

describe('node.nest-http-code', () => {
  it(`adds @HttpCode(HttpStatus.NO_CONTENT) under the route decorator of a DELETE documented 204, importing \
HttpStatus`, async () => {
    const { context } = templateContext(nestFiles, mismatch('DELETE /v1/books/{id}', 204, 200));
    const found = await allCandidates(nodeNestHttpCode, context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(
      nestFiles[CONTROLLER]!.replace('Get, HttpCode, Param', 'Get, HttpCode, HttpStatus, Param').replace(
        "  @Delete(':id')\n",
        "  @Delete(':id')\n  @HttpCode(HttpStatus.NO_CONTENT)\n",
      ),
    );
  });

  it('fixes the number of an @HttpCode the handler has', async () => {
    const { context } = templateContext(nestFiles, mismatch('POST /v1/books/{id}/borrow', 200, 202));
    const found = await allCandidates(nodeNestHttpCode, context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(nestFiles[CONTROLLER]!.replace('@HttpCode(202)', '@HttpCode(200)'));
  });

  it('leaves a handler answering through @Res(), an unmounted controller and a non-2xx expectation alone', async () => {
    const files = {
      ...nestFiles,
      [CONTROLLER]: nestFiles[CONTROLLER]!.replace(
        "remove(@Param('id') id: string)",
        "remove(@Param('id') id: string, @Res() res: unknown)",
      ).replace('Post }', 'Post, Res }'),
    };
    for (const [tree, spec] of [
      [files, mismatch('DELETE /v1/books/{id}', 204, 200)],
      [nestFiles, mismatch('POST /v1/books/{bookId}/reviews', 200, 201)],
      [nestFiles, mismatch('DELETE /v1/books/{id}', 404, 200)],
    ] as const) {
      const { context } = templateContext(tree, spec);
      expect(await allCandidates(nodeNestHttpCode, context, [])).toEqual([]);
    }
  });

  describe('on a handler inherited from a base class', () => {
    const BASE = 'src/common/base-crud.controller.ts';
    const op = (endpoint: string, ...statuses: string[]): ApiOperation => {
      const [method, path] = endpoint.split(' ') as [string, string];
      return {
        method: method.toLowerCase(),
        path,
        endpoint,
        parameters: [],
        responses: statuses.map((status) => ({ status, mediaTypes: ['application/json'] })),
      };
    };
    const withContract = (spec: ReturnType<typeof mismatch>, operations: ApiOperation[]) => {
      const { context } = templateContext(nestCrudFiles, spec);
      return { ...context, contract: { openapi: '3.0.3', title: 'test', operations } };
    };

    it('fixes the base class @HttpCode when the one subclass serving it documents 201', async () => {
      const context = withContract(mismatch('POST /v1/shelves', 201, 200), [
        op('POST /v1/shelves', '201', '400'),
        op('POST /v1/tags', '200'),
      ]);
      const found = await allCandidates(nodeNestHttpCode, context, [BASE]);
      expect(found[0]!.files[BASE]).toBe(
        nestCrudFiles[BASE]!.replace('@HttpCode(HttpStatus.OK)', '@HttpCode(HttpStatus.CREATED)'),
      );
    });

    it('adds @HttpCode in the base class when every subclass serving the handler documents 204', async () => {
      const context = withContract(mismatch('DELETE /v1/tags/{id}', 204, 200), [
        op('DELETE /v1/shelves/{id}', '204', '404'),
        op('DELETE /v1/tags/{id}', '204'),
      ]);
      const found = await allCandidates(nodeNestHttpCode, context, [BASE]);
      expect(found[0]!.files[BASE]).toBe(
        nestCrudFiles[BASE]!.replace("  @Delete(':id')\n", "  @Delete(':id')\n  @HttpCode(HttpStatus.NO_CONTENT)\n"),
      );
    });

    it('leaves the base alone when another subclass serving the handler documents another status', async () => {
      const context = withContract(mismatch('DELETE /v1/tags/{id}', 204, 200), [
        op('DELETE /v1/shelves/{id}', '200'),
        op('DELETE /v1/tags/{id}', '204'),
      ]);
      expect(await allCandidates(nodeNestHttpCode, context, [BASE])).toEqual([]);
    });
  });
});
