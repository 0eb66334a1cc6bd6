import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeZodIntRefused } from './zod-int-refused.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const file = 'src/schemas.ts';
const schemas = (length: string) =>
  "import { z } from 'zod';\n\nexport const createBoatSchema = z.object({\n" +
  '  name: z.string().min(1),\n' +
  `  lengthM: ${length},\n` +
  '  crew: z.number().int().min(1),\n});\n';

function refused(files: Record<string, string>, answer: string, lengthType = 'number'): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /boats',
    expected: 201,
    actual: 400,
  });
  const violation = { ...context.cause.violations[0]!, responseExcerpt: answer };
  const operation = {
    ...context.operation!,
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: {
        type: 'object',
        properties: { name: { type: 'string' }, lengthM: { type: lengthType }, crew: { type: 'integer' } },
      },
      example: { name: 'Curlew', lengthM: 10.4, crew: 2 },
    },
  };
  return { ...context, operation, cause: { ...context.cause, violations: [violation as Violation] } as RootCause };
}

const answer = JSON.stringify({
  message: 'Invalid request body',
  details: [{ field: 'lengthM', message: 'Expected integer, received float' }],
});

describe('node.zod-int-refused', () => {
  it("drops the .int() of the refused decimal field, keeping its other checks and the other fields' ones", async () => {
    for (const [wrong, right] of [
      ['z.number().int().positive().max(80)', 'z.number().positive().max(80)'],
      ['z.coerce.number().positive().int()', 'z.coerce.number().positive()'],
    ]) {
      const found = await allCandidates(nodeZodIntRefused, refused({ [file]: schemas(wrong!) }, answer), [file]);
      expect(found.map((f) => f.files[file])).toEqual([schemas(right!)]);
    }
  });

  it('leaves a field the contract calls an integer, an answer about another field, and a string chain', async () => {
    const files = { [file]: schemas('z.number().int().positive()') };
    expect(await allCandidates(nodeZodIntRefused, refused(files, answer, 'integer'), [])).toEqual([]);
    expect(await allCandidates(nodeZodIntRefused, refused(files, '{"message":"name is required"}'), [])).toEqual([]);
    const other = { [file]: schemas('z.string().int()') };
    expect(await allCandidates(nodeZodIntRefused, refused(other, answer), [])).toEqual([]);
  });
});
