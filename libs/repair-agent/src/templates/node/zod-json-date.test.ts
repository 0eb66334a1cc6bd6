import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { nodeZodJsonDate } from './zod-json-date.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const schemas =
  "import { z } from 'zod';\nexport const createFlightSchema = z.object({\n" +
  '  balloonId: z.number().int().positive(),\n' +
  '  scheduledAt: z.date(),\n  landedAt: z.date().optional(),\n});\n';
const refused = (body: string) => {
  const { context } = templateContext(
    { 'src/schemas.ts': schemas },
    { kind: 'status_mismatch', endpoint: 'POST /flights', expected: 201, actual: 400 },
  );
  const violation = { ...context.cause.violations[0]!, responseExcerpt: body } as Violation;
  return allCandidates(
    nodeZodJsonDate,
    { ...context, cause: { ...context.cause, violations: [violation] } as RootCause },
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

  it('leaves other refusals', async () => {
    expect(await refused(JSON.stringify({ detail: 'scheduledAt must be in the future' }))).toEqual([]);
  });
});
