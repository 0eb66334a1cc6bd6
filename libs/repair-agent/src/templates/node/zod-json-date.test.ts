import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { nodeZodJsonDate } from './zod-json-date.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const schemas =
  "import { z } from 'zod';\nexport const createFlightSchema = z.object({\n" +
  '  balloonId: z.number().int().positive(),\n' +
  '  scheduledAt: z.date(),\n  landedAt: z.date().optional(),\n});\n';
const refused = (body: string, source = schemas, format?: string) => {
  const { context } = templateContext(
    { 'src/schemas.ts': source },
    { kind: 'status_mismatch', endpoint: 'POST /flights', expected: 201, actual: 400 },
  );
  const violation = { ...context.cause.violations[0]!, responseExcerpt: body } as Violation;
  const operation = format
    ? ({
        method: 'POST',
        path: '/flights',
        endpoint: 'POST /flights',
        parameters: [],
        responses: [],
        requestBody: { schema: { type: 'object', properties: { scheduledAt: { type: 'string', format } } } },
      } as unknown as ApiOperation)
    : context.operation;
  return allCandidates(
    nodeZodJsonDate,
    { ...context, operation, cause: { ...context.cause, violations: [violation] } as RootCause },
    ['src/schemas.ts'],
  );
};

describe('node.zod-json-date', () => {
  it('coerces the refused date field, leaving the others', async () => {
    const body = JSON.stringify({
      detail: 'Request validation failed',
      issues: [{ path: 'scheduledAt', message: 'Expected date, received string' }],
    });
    expect((await refused(body)).map((f) => f.files['src/schemas.ts'])).toEqual([
      schemas.replace('scheduledAt: z.date()', 'scheduledAt: z.coerce.date()'),
    ]);
  });

  it("keeps a documented date (format: date) as its text, the file's own date-string schema first", async () => {
    const body = JSON.stringify({ issues: [{ path: 'scheduledAt', message: 'Expected date, received string' }] });
    const own = schemas.replace(
      'export const create',
      "const isoDate = z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/, 'expected YYYY-MM-DD');\nexport const create",
    );
    expect((await refused(body, own, 'date')).map((f) => f.files['src/schemas.ts'])).toEqual([
      own.replace('scheduledAt: z.date()', 'scheduledAt: isoDate'),
      own.replace('scheduledAt: z.date()', 'scheduledAt: z.coerce.date()'),
    ]);
    expect((await refused(body, schemas, 'date'))[0]!.files['src/schemas.ts']).toBe(
      schemas.replace('scheduledAt: z.date()', 'scheduledAt: z.string().regex(/^\\d{4}-\\d{2}-\\d{2}$/)'),
    );
    // A date-time goes back out as one: the coercion alone.
    expect((await refused(body, own, 'date-time')).map((f) => f.files['src/schemas.ts'])).toEqual([
      own.replace('scheduledAt: z.date()', 'scheduledAt: z.coerce.date()'),
    ]);
  });

  it('leaves other refusals', async () => {
    expect(await refused(JSON.stringify({ detail: 'scheduledAt must be in the future' }))).toEqual([]);
  });
});
