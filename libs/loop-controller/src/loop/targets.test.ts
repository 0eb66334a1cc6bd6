import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { loopSectionSchema, patternsSectionSchema } from '../config/loop-config.js';
import { smokeResult } from '../test-support/fakes.js';
import { targetOf, triggerOf } from './targets.js';

const settings = { loop: loopSectionSchema.parse({}), patterns: patternsSectionSchema.parse({}) };

// Nine passing tests and one failing, raised at `file` (a test-command run).
function oneFailingTest(file: string, exceptionType: string): SmokeResult {
  const spec = Object.fromEntries([...Array(9).keys()].map((i): [string, 'pass'] => [`t${i}`, 'pass']));
  const result = smokeResult({ ...spec, bad: 400 });
  return {
    ...result,
    violations: result.violations.map(
      (v): Violation => ({
        ...v,
        nodeid: 'tests/test_quotes.py::test_quote',
        endpoint: 'tests/test_quotes.py::test_quote',
        kind: 'test_failure',
        actualStatus: null,
        traces: [{} as Violation['traces'][number]],
        signature: { ...v.signature, exceptionType, file, line: 29 },
      }),
    ),
  };
}

describe('the target in test-command mode', () => {
  it('is not reached while a test fails on an exception raised in the app (what a 500 would be over HTTP)', () => {
    const raised = oneFailingTest('app/services/pricing.py', 'AttributeError');
    expect(raised.passRate).toBeGreaterThanOrEqual(settings.loop.targetPassRate);
    expect(targetOf(raised, settings)).toBeNull();
    expect(triggerOf(raised, settings)).toMatchObject({ triggered: true, reason: '1 server error' });
  });

  it('is reached when the failing test only asserts on an answer (its own file)', () => {
    const asserted = oneFailingTest('tests/test_quotes.py', 'AssertionError');
    expect(targetOf(asserted, settings)).toMatchObject({ kind: 'done', outcome: 'target_reached' });
    expect(triggerOf(asserted, settings)).toMatchObject({ triggered: false });
  });

  it('is not reached while a test asserts on a status the app answered with a 5xx', () => {
    const withMessage = (message: string): SmokeResult => {
      const asserted = oneFailingTest('tests/test_quotes.py', 'AssertionError');
      return { ...asserted, violations: asserted.violations.map((v) => ({ ...v, message })) };
    };
    const pytest = withMessage('assert 500 == 409\n +  where 500 = <Response [500 Internal Server Error]>.status_code');
    expect(targetOf(pytest, settings)).toBeNull();
    // All pytest keeps of it in the failure's one line.
    expect(
      targetOf(withMessage('tests/test_quotes.py::test_quote failed: AssertionError: assert 500 == 409'), settings),
    ).toBeNull();
    const supertest = withMessage('expected 409 "Conflict", got 500 "Internal Server Error"');
    expect(triggerOf(supertest, settings)).toMatchObject({ triggered: true, reason: '1 server error' });
    // A 4xx where another was documented is no server error.
    const refused = withMessage('assert 404 == 409\n +  where 404 = <Response [404 Not Found]>.status_code');
    expect(targetOf(withMessage('AssertionError: assert 500 == 512'), settings)).not.toBeNull();
    expect(targetOf(refused, settings)).toMatchObject({ kind: 'done', outcome: 'target_reached' });
  });
});
