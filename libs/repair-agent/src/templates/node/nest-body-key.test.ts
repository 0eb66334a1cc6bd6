import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import type { TemplateContext } from '../template.js';
import { nodeNestBodyKey } from './nest-body-key.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
const DTO = 'src/books/borrow.dto.ts';
const borrowing = (decorator: string, type = 'BorrowDto') =>
  nestFiles[CONTROLLER]!.replace(
    "borrow(@Param('id') id: string) {",
    `borrow(@Param('id') id: string, ${decorator} dto: ${type}) {`,
  );
const dto = 'export class BorrowDto {\n  note!: string;\n  days?: number;\n}\n';

function context(
  controller: string,
  properties: Record<string, unknown> = { note: { type: 'string' } },
): TemplateContext {
  const { context: base } = templateContext(
    { ...nestFiles, [CONTROLLER]: controller, [DTO]: dto },
    { kind: 'status_mismatch', endpoint: 'POST /v1/books/{id}/borrow', expected: 202, actual: 400 },
  );
  return { ...base, operation: withRequestBody(base.operation!, properties, []) };
}

describe('node.nest-body-key', () => {
  it("passes the whole body to a parameter typed as the DTO whose field @Body('…') picked", async () => {
    const found = await allCandidates(nodeNestBodyKey, context(borrowing("@Body('note')")), [CONTROLLER]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-body-key@src/books/books.controller.ts:18']);
    expect(found[0]!.files[CONTROLLER]).toBe(borrowing('@Body()'));
  });

  it('leaves a field typed as a scalar, a class without that property, and an undocumented field', async () => {
    expect(await allCandidates(nodeNestBodyKey, context(borrowing("@Body('note')", 'string')), [])).toEqual([]);
    expect(
      await allCandidates(nodeNestBodyKey, context(borrowing("@Body('title')"), { title: { type: 'string' } }), []),
    ).toEqual([]);
    const other = context(borrowing("@Body('note')"), { days: { type: 'integer' } });
    expect(await allCandidates(nodeNestBodyKey, other, [])).toEqual([]);
  });
});
