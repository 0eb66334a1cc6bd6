import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { patchFor, smokeResult } from '../test-support/fakes.js';
import { judgePatch } from './judge-patch.js';
import { writesGuardedDefault } from './patch-evidence.js';

const diffOf = (...added: string[]) =>
  `--- a/app/report.py\n+++ b/app/report.py\n@@ -14,1 +14,${added.length} @@\n` +
  `-    rate = used / total\n${added.map((l) => `+${l}`).join('\n')}\n`;
const guard = { ...patchFor('a'), diff: diffOf('    rate = used / total if total else 0.0') };
const rename = { ...patchFor('a'), diff: diffOf('    rate = used / capacity') };

// Test-command mode: scenario `a` is the test `tests/test_report.py::test_a`.
function asTest(result: SmokeResult): SmokeResult {
  return {
    ...result,
    violations: result.violations.map(
      (v): Violation => ({ ...v, nodeid: `tests/test_report.py::test_${v.scenarioId}` }),
    ),
  };
}
// `a` now fails in the test's own code (an assertion on the answer) or in the app at a later line.
function failsIn(result: SmokeResult, file: string, line: number, type: string): SmokeResult {
  return {
    ...result,
    violations: result.violations.map(
      (v): Violation =>
        v.scenarioId === 'a'
          ? {
              ...v,
              actualStatus: null,
              traces: [{} as Violation['traces'][number]],
              signature: {
                hash: `n-${file}`,
                key: `${type}@${file}:${line}: x`,
                exceptionType: type,
                file,
                line,
                message: 'x',
              },
            }
          : v,
    ),
  };
}

describe('a patch that substitutes an empty default for a value it could not compute', () => {
  const before = asTest(smokeResult({ a: 500, b: 'pass' }));

  it('is rejected when the test then fails on its answer (the error became wrong data)', () => {
    const after = failsIn(before, 'tests/test_report.py', 8, 'AssertionError');
    expect(judgePatch(guard, before, after)).toMatchObject({ accepted: false, rule: 'wrong-response' });
  });

  it('is kept when the test passes (the empty answer was the right one)', () => {
    expect(judgePatch(guard, before, asTest(smokeResult({ a: 'pass', b: 'pass' })))).toMatchObject({
      accepted: true,
      rule: 'passes',
    });
  });

  it('is progress when the request now fails later in the app', () => {
    const after = failsIn(before, 'app/views.py', 40, 'KeyError');
    expect(judgePatch(guard, before, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
  });

  it('a fix that writes no default is rejected too when the test then refuses the answer it gives', () => {
    // `a` raised in the app (a trace at the line the rename rewrites) and now fails on the test's own assertion.
    const raised = failsIn(before, 'app/report.py', 14, 'ZeroDivisionError');
    const own = { ...rename, signature: raised.violations.find((v) => v.scenarioId === 'a')!.signature };
    const after = failsIn(before, 'tests/test_report.py', 8, 'AssertionError');
    expect(judgePatch(own, raised, after)).toMatchObject({ accepted: false, rule: 'wrong-response' });
  });

  it('near miss: a test that failed on its own assertion before (a 405) and now on a later one got further', () => {
    const refused = failsIn(before, 'tests/test_report.py', 5, 'AssertionError');
    const own = { ...rename, signature: refused.violations.find((v) => v.scenarioId === 'a')!.signature };
    const later = failsIn(before, 'tests/test_report.py', 8, 'AssertionError');
    const after = {
      ...later,
      violations: later.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'later' } })),
    };
    expect(judgePatch(own, refused, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
  });

  it(`judged on every root cause failing at the line it rewrote: right for one test, wrong data for another → \
rejected`, async () => {
    // `b` is another root cause (another test) failing at the very line the guard rewrote.
    const failing = asTest(smokeResult({ a: 500, b: 500, c: 'pass' }));
    const atLine = {
      ...failing,
      violations: failing.violations.map(
        (v): Violation => ({ ...v, signature: { ...v.signature, file: 'app/report.py', line: 14 } }),
      ),
    };
    const after = failsIn(
      asTest(smokeResult({ a: 500, b: 'pass', c: 'pass' })),
      'tests/test_report.py',
      8,
      'AssertionError',
    );
    const forB = { ...guard, signature: atLine.violations.find((v) => v.scenarioId === 'b')!.signature };
    expect(judgePatch(forB, atLine, after)).toMatchObject({ accepted: false, rule: 'wrong-response' });
  });

  it('over HTTP: a 2xx off the contract after the default is wrong data too', () => {
    const http = smokeResult({ a: 500, b: 'pass' });
    const after = {
      ...http,
      violations: http.violations.map(
        (v): Violation => ({
          ...v,
          kind: 'schema_mismatch',
          actualStatus: 200,
          traces: [],
          signature: { hash: 'schema', key: 'schema_mismatch GET /a', exceptionType: 'schema_mismatch', message: 'x' },
        }),
      ),
    };
    expect(judgePatch(guard, http, after)).toMatchObject({ accepted: false, rule: 'wrong-response' });
  });
});

describe('writesGuardedDefault', () => {
  it.each([
    ['    rate = used / total if total else 0.0'],
    ['    rows = json.loads(raw or "[]") or []'],
    ['  const avg = count ? sum / count : 0;'],
    ['  const tags = row.tags ?? [];'],
    ['        "price_per_metre": round((total / order.woven_m if order.woven_m else 0.0), 2),'],
    ['    return {"mean": round(s / n if n else 0, 1), "n": n}'],
  ])('%s', (line) => expect(writesGuardedDefault(diffOf(line))).toBe(true));

  it('an added if returning an empty value', () => {
    expect(writesGuardedDefault(diffOf('    if not total:', '        return 0.0', '    rate = used / total'))).toBe(
      true,
    );
  });

  it.each([
    ['    rate = used / capacity'],
    ['    if booking is None:'],
    ['    total = a if a > b else b'],
    ['  const x = y ? 1 : 2;'],
    ['    rate = round(used / total if total else 0.5, 2)'],
    ['    name = alias or none_given(row)'],
  ])('not: %s', (line) => {
    expect(writesGuardedDefault(diffOf(line, '        raise HTTPException(status_code=404)'))).toBe(false);
  });
});
