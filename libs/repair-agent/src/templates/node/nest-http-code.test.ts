import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestHttpCode } from './nest-http-code.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
const mismatch = (endpoint: string, expected: number, actual: number) => ({ kind: 'status_mismatch' as const, endpoint, expected, actual });

describe('node.nest-http-code', () => {
  it('adds @HttpCode(HttpStatus.NO_CONTENT) under the route decorator of a DELETE documented 204, importing HttpStatus', async () => {
    const { context } = templateContext(nestFiles, mismatch('DELETE /v1/books/{id}', 204, 200));
    const found = await allCandidates(nodeNestHttpCode, context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(
      nestFiles[CONTROLLER]!
        .replace('Get, HttpCode, Param', 'Get, HttpCode, HttpStatus, Param')
        .replace("  @Delete(':id')\n", "  @Delete(':id')\n  @HttpCode(HttpStatus.NO_CONTENT)\n"),
    );
  });

  it('fixes the number of an @HttpCode the handler has', async () => {
    const { context } = templateContext(nestFiles, mismatch('POST /v1/books/{id}/borrow', 200, 202));
    const found = await allCandidates(nodeNestHttpCode, context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(nestFiles[CONTROLLER]!.replace('@HttpCode(202)', '@HttpCode(200)'));
  });

  it('leaves a handler answering through @Res(), an unmounted controller and a non-2xx expectation alone', async () => {
    const files = { ...nestFiles, [CONTROLLER]: nestFiles[CONTROLLER]!.replace("remove(@Param('id') id: string)", "remove(@Param('id') id: string, @Res() res: unknown)").replace('Post }', 'Post, Res }') };
    for (const [tree, spec] of [
      [files, mismatch('DELETE /v1/books/{id}', 204, 200)],
      [nestFiles, mismatch('POST /v1/books/{bookId}/reviews', 200, 201)],
      [nestFiles, mismatch('DELETE /v1/books/{id}', 404, 200)],
    ] as const) {
      const { context } = templateContext(tree, spec);
      expect(await allCandidates(nodeNestHttpCode, context, [])).toEqual([]);
    }
  });
});
