import { describe, expect, it } from 'vitest';
import { isNearMiss } from '../shared/near-miss-literal.js';
import { pythonNearMissLiteral } from './near-miss-literal.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

const constants = 'PENDING = "pending"\nCOMPLETED = "completed"\nCANCELLED = "cancelled"\n';
const stats = [
  'from app.repositories.visits import list_visits',
  '',
  '',
  'def fee_stats(db):',
  '    done = list_visits(db, status="complete")',
  '    total = sum(v.fee for v in done)',
  '    return {"count": len(done), "average": total / len(done)}',
  '',
].join('\n');

describe('python.near-miss-literal', () => {
  it(`a filter literal one suffix away from a defined constant → the constant's value (ZeroDivisionError on the empty \
result)`, async () => {
    const context = templateContext(
      { 'app/constants.py': constants, 'app/services/stats.py': stats },
      {
        culprit: { file: 'app/services/stats.py', line: 7 },
        exception: { type: 'ZeroDivisionError', message: 'division by zero' },
        operation: null,
      },
    );
    const candidates = await allCandidates(pythonNearMissLiteral, context, 'app/services/stats.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.near-miss-literal']);
    expect(candidates[0]!.source).toBe(stats.replace('status="complete"', 'status="completed"'));
  });

  it("an enum member misspelt in a filter → the member's value (IndexError on [0] of an empty list)", async () => {
    const models = 'import enum\n\n\nclass PlanTier(str, enum.Enum):\n    BASIC = "basic"\n    PREMIUM = "premium"\n';
    const service = "def top_plan(db):\n    rows = db.query_plans(tier='premium_')\n    return rows[0]\n";
    const context = templateContext(
      { 'app/models.py': models, 'app/plans.py': service },
      {
        culprit: { file: 'app/plans.py', line: 3 },
        exception: { type: 'IndexError', message: 'list index out of range' },
        operation: null,
      },
    );
    const candidates = await allCandidates(pythonNearMissLiteral, context, 'app/plans.py');
    expect(candidates[0]!.source).toContain("rows = db.query_plans(tier='premium')");
  });

  it('does not fire when the literal is itself used elsewhere, or no defined value is close', async () => {
    const seeded = stats.replace('status="complete"', 'status="archived"');
    const other = 'def archive(db, v):\n    v.status = "archived"\n';
    const context = templateContext(
      { 'app/constants.py': constants, 'app/services/stats.py': seeded, 'app/services/archive.py': other },
      {
        culprit: { file: 'app/services/stats.py', line: 7 },
        exception: { type: 'ZeroDivisionError', message: 'division by zero' },
        operation: null,
      },
    );
    expect(await allCandidates(pythonNearMissLiteral, context, 'app/services/stats.py')).toEqual([]);
    const far = stats.replace('status="complete"', 'status="finished"');
    const context2 = templateContext(
      { 'app/constants.py': constants, 'app/services/stats.py': far },
      {
        culprit: { file: 'app/services/stats.py', line: 7 },
        exception: { type: 'ZeroDivisionError', message: 'division by zero' },
        operation: null,
      },
    );
    expect(await allCandidates(pythonNearMissLiteral, context2, 'app/services/stats.py')).toEqual([]);
  });

  it('near misses: suffixes, separators and one-letter slips, not different words', () => {
    expect(isNearMiss('complete', 'completed')).toBe(true);
    expect(isNearMiss('in-progress', 'in_progress')).toBe(true);
    expect(isNearMiss('cancelled', 'canceled')).toBe(true);
    expect(isNearMiss('open', 'closed')).toBe(false);
    expect(isNearMiss('draft', 'paid')).toBe(false);
  });
});
