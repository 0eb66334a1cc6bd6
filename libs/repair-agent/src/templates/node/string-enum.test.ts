import { describe, expect, it } from 'vitest';
import type { Violation } from '@smoke-repair/smoke-validator';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeStringEnum } from './string-enum.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const item = (values: string[]) => ({
  type: 'array',
  items: { type: 'object', properties: { kind: { type: 'string', enum: values }, label: { type: 'string' } } },
});

function context(files: Record<string, string>, values: string[], body: string): TemplateContext {
  const message = 'body does not match the HTTP 200 schema: /0/kind must be string; /1/kind must be string';
  const { context: base } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: 'GET /kinds',
    actual: 200,
    message,
  });
  const violation = { ...base.cause.violations[0]!, responseExcerpt: body } as Violation;
  const operation = {
    ...base.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema: item(values) }],
  };
  return { ...base, operation, cause: { ...base.cause, violations: [violation] } as RootCause };
}

const enumFile = 'export enum SeatKind {\n  Standard,\n  ExtraLegroom,\n}\n';
const service =
  "import { SeatKind } from './seat-kind.enum';\n\nexport interface Row {\n  kind: SeatKind;\n}\n\n" +
  "export const list = (): Row[] => [\n  { kind: SeatKind.Standard, label: 'a' },\n" +
  "  { kind: SeatKind.ExtraLegroom, label: 'b' },\n];\n";
const body = '[{"kind":0,"label":"a"},{"kind":1,"label":"b"}]';

describe('node.string-enum', () => {
  it('values each member as the documented string its name spells (kebab and snake values)', async () => {
    for (const values of [
      ['standard', 'extra-legroom'],
      ['STANDARD', 'EXTRA_LEGROOM'],
    ]) {
      const found = await allCandidates(
        nodeStringEnum,
        context({ 'src/seat-kind.enum.ts': enumFile, 'src/seats.ts': service }, values, body),
        ['src/seat-kind.enum.ts'],
      );
      expect(found.map((f) => f.candidate.key)).toEqual(['node.string-enum']);
      expect(found[0]!.files['src/seat-kind.enum.ts']).toBe(
        `export enum SeatKind {\n  Standard = '${values[0]}',\n  ExtraLegroom = '${values[1]}',\n}\n`,
      );
    }
  });

  it('leaves an enum the project indexes, one a member of which names no value, and string values', async () => {
    const indexed = service + 'export const PRICE = { a: 1 }[SeatKind[0]];\n';
    const files = { 'src/seat-kind.enum.ts': enumFile, 'src/seats.ts': indexed };
    expect(await allCandidates(nodeStringEnum, context(files, ['standard', 'extra-legroom'], body), [])).toEqual([]);
    const plain = { 'src/seat-kind.enum.ts': enumFile, 'src/seats.ts': service };
    expect(await allCandidates(nodeStringEnum, context(plain, ['standard', 'premium'], body), [])).toEqual([]);
    const texts = '[{"kind":"x","label":"a"}]';
    expect(await allCandidates(nodeStringEnum, context(plain, ['standard', 'extra-legroom'], texts), [])).toEqual([]);
  });
});
