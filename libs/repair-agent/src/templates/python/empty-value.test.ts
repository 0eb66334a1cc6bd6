import { describe, expect, it } from 'vitest';
import { pythonEmptyDivision } from './empty-division.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

describe('emptyValues for a Decimal documented as a string', () => {
  it("guards a Decimal mean with Decimal(0) when the field is pydantic's string-encoded decimal", async () => {
    const service = [
      'from decimal import Decimal',
      '',
      'def report(bookings):',
      '    revenue = sum((b.price for b in bookings), Decimal("0.00"))',
      '    average = (revenue / len(bookings)).quantize(Decimal("0.01"))',
      '    return {"average_revenue": average}',
      '',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: { average_revenue: { type: 'string', pattern: '^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$' } },
      required: ['average_revenue'],
    };
    const context = templateContext(
      { 'app/stats.py': service },
      {
        culprit: { file: 'app/stats.py', line: 5 },
        exception: { type: 'decimal.InvalidOperation', message: "[<class 'decimal.DivisionUndefined'>]" },
        operation: operation('GET /report', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/stats.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#zero']);
    expect(candidates[0]!.source).toContain('if bookings else Decimal(0)');
  });
});
