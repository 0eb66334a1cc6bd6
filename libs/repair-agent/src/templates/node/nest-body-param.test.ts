import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestBodyParam } from './nest-body-param.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
// The borrow handler takes a payload, declared without @Body().
const withPayload = (param: string) => ({
  ...nestFiles,
  [CONTROLLER]: nestFiles[CONTROLLER]!.replace(
    "borrow(@Param('id') id: string) {\n    return { id };",
    `borrow(@Param('id') id: string, ${param}) {\n    return { id, until: dto.until.trim() };`,
  ),
  'src/books/dto/borrow-book.dto.ts': 'export class BorrowBookDto {\n  until!: string;\n}\n',
});
const crash = { kind: 'runtime_error' as const, endpoint: 'POST /v1/books/{id}/borrow' };

describe('node.nest-body-param', () => {
  it('decorates the DTO parameter with @Body(), importing Body', async () => {
    const files = withPayload('dto: BorrowBookDto');
    const found = await allCandidates(nodeNestBodyParam, templateContext(files, crash).context, [CONTROLLER]);
    expect(found[0]!.files[CONTROLLER]).toBe(
      files[CONTROLLER].replace('dto: BorrowBookDto', '@Body() dto: BorrowBookDto').replace(
        '{ Controller, Delete',
        '{ Body, Controller, Delete',
      ),
    );
  });

  it('leaves a handler with @Body(), a GET, and a parameter typed as no payload alone', async () => {
    const decorated = withPayload('@Body() dto: BorrowBookDto');
    decorated[CONTROLLER] = decorated[CONTROLLER].replace('{ Controller, Delete', '{ Body, Controller, Delete');
    for (const [files, endpoint] of [
      [decorated, crash.endpoint],
      [withPayload('dto: BorrowBookDto'), 'GET /v1/books/{id}'],
      [withPayload('dto: Date'), crash.endpoint],
      // The app's own parameter decorator supplies the value.
      [withPayload('@CurrentUser() dto: BorrowBookDto'), crash.endpoint],
    ] as const) {
      const { context } = templateContext(files, { ...crash, endpoint });
      expect(await allCandidates(nodeNestBodyParam, context, [CONTROLLER])).toEqual([]);
    }
  });
});
