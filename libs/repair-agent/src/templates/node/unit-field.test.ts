import { describe, expect, it } from 'vitest';
import { nodeUnitField } from './unit-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// The violation as the smoke words it (captured from a run).
const mismatch = (files: Record<string, string>, field: string) =>
  templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: 'GET /lessons/{id}',
    actual: 200,
    message: `body does not match the HTTP 200 schema: /${field} must be integer`,
  }).context;

const mapper =
  "import { Lesson } from '../models';\n\nexport function toLessonResponse(lesson: Lesson) {\n" +
  '  return { id: lesson.id, title: lesson.title, feeCents: lesson.fee };\n}\n';
const invoices =
  "import { Lesson } from '../models';\n\n" +
  'const toCents = (dollars: number): number => Math.round(dollars * 100);\n\n' +
  'export function due(lessons: Lesson[]): number {\n' +
  '  return lessons.reduce((sum, lesson) => sum + toCents(lesson.fee), 0);\n}\n';

describe('node.unit-field', () => {
  it("inlines the project's own conversion to the field's unit (TypeScript arrow, not exported)", async () => {
    const files = { 'src/dto/lesson.ts': mapper, 'src/services/invoices.ts': invoices };
    const found = await allCandidates(nodeUnitField, mismatch(files, 'feeCents'), ['src/dto/lesson.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.unit-field#cents']);
    expect(found[0]!.files['src/dto/lesson.ts']).toBe(
      mapper.replace('feeCents: lesson.fee', 'feeCents: Math.round(lesson.fee * 100)'),
    );
  });

  it('inlines a function declaration returning one expression (CommonJS)', async () => {
    const basket =
      'function toPence(pounds) {\n  return Math.round(pounds * 100);\n}\n\n' +
      'exports.total = (lines) => lines.reduce((s, line) => s + toPence(line.price) * line.qty, 0);\n';
    const view = 'exports.itemView = (item) => ({ sku: item.sku, pricePence: item.price });\n';
    const files = { 'src/basket.js': basket, 'src/views.js': view };
    const found = await allCandidates(nodeUnitField, mismatch(files, 'pricePence'), ['src/views.js']);
    expect(found[0]!.files['src/views.js']).toBe(
      view.replace('pricePence: item.price', 'pricePence: Math.round(item.price * 100)'),
    );
  });

  it('leaves a field when the project never converts a member of that name', async () => {
    const files = {
      'src/dto/lesson.ts': mapper,
      'src/services/invoices.ts': invoices.replace('toCents(lesson.fee)', 'toCents(lesson.deposit)'),
    };
    expect(await allCandidates(nodeUnitField, mismatch(files, 'feeCents'), [])).toEqual([]);
  });
});
