import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { patchFor, smokeResult } from '../test-support/fakes.js';
import { judgePatch, writtenLines } from './judge-patch.js';

/** `after` where scenario `id` now fails with another error at `file:line` (a trace). */
function failsAt(result: SmokeResult, id: string, file: string, line: number, type = 'TypeError'): SmokeResult {
  const violations = result.violations.map((v): Violation =>
    v.scenarioId === id
      ? { ...v, traces: [{} as Violation['traces'][number]], signature: { hash: `new-${file}:${line}`, key: `${type}@${file}:${line} h: x`, exceptionType: type, file, line, message: 'x' } }
      : v,
  );
  return { ...result, violations };
}

const before = smokeResult({ a: 500, b: 'pass' });
const patch = { ...patchFor('a'), diff: '--- a/app/a.py\n+++ b/app/a.py\n@@ -10,3 +10,3 @@\n ctx\n-old = call()\n+old = other()\n ctx\n' };

describe('judgePatch', () => {
  it('accepts a patch whose root cause passes now', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({ accepted: true, rule: 'passes' });
  });

  it('rejects a patch after which the same error remains (a misfire elsewhere)', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 500, b: 'pass' }))).toMatchObject({ accepted: false, rule: 'same-error' });
  });

  it('rejects a patch that moved the exception to a line it wrote (a renamed call, a dropped field)', () => {
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 11);
    expect(judgePatch(patch, before, after)).toMatchObject({ accepted: false, rule: 'fails-at-patched-line' });
  });

  it('accepts a fix that uncovers the next bug further down the request path (progress)', () => {
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 30, 'ZeroDivisionError');
    expect(judgePatch(patch, before, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
  });

  it('rejects a route fix after which the route still answers 404', () => {
    const route = { ...patchFor('a'), rootCause: 'route-missing', signature: { ...patchFor('a').signature, hash: 'route' } };
    const missing = smokeResult({ a: 404, b: 'pass' });
    const beforeRoute = { ...missing, violations: missing.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'route-404' } })) };
    const afterRoute = { ...missing, violations: missing.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'route-404-again' } })) };
    expect(judgePatch(route, beforeRoute, afterRoute)).toMatchObject({ accepted: false, rule: 'same-failure' });
  });

  it('does not call a blocked scenario a failure', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 'blocked', b: 'pass' }))).toMatchObject({ accepted: true, rule: 'unverified' });
  });
});

describe('writtenLines', () => {
  it('numbers the added lines as they stand in the new file', () => {
    const diff = '--- a/x.py\n+++ b/x.py\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n+B2\n c\n d\n@@ -20,2 +21,2 @@\n y\n-z\n+Z\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,2 @@\n+n1\n+n2\n';
    expect(writtenLines(diff)).toEqual(new Map([['x.py', new Set([2, 3, 22])], ['new.py', new Set([1, 2])]]));
  });
});
