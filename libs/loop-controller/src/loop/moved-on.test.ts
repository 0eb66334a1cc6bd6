import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { smokeResult } from '../test-support/fakes.js';
import { movedOn, newLineOf } from './moved-on.js';

// Line 10 `quote = pricing.quote(tour)` gains an await; nothing else moves.
const AWAIT =
  '--- a/app/bookings.py\n' +
  '+++ b/app/bookings.py\n' +
  '@@ -9,3 +9,3 @@\n' +
  ' ctx\n' +
  '-    quote = pricing.quote(tour)\n' +
  '+    quote = await pricing.quote(tour)\n' +
  ' ctx\n';
// Two lines added above line 20 (a guard), one removed at line 40.
const SHIFTING = '--- a/app/x.py\n+++ b/app/x.py\n@@ -5,2 +5,4 @@\n a\n+b\n+c\n d\n@@ -40,3 +42,2 @@\n e\n-f\n g\n';

function failingAt(line: number, message: string): Violation {
  const base = smokeResult({ a: 500 }).violations[0]!;
  return {
    ...base,
    traces: [{ exception: { type: 'AttributeError', message } } as unknown as Violation['traces'][number]],
    signature: { ...base.signature, file: 'app/bookings.py', line, exceptionType: 'AttributeError' },
  };
}

describe('newLineOf', () => {
  it('follows a line through the lines a patch adds and removes above it, and knows the ones it rewrote', () => {
    expect(newLineOf(SHIFTING, 'app/x.py', 3)).toBe(3);
    expect(newLineOf(SHIFTING, 'app/x.py', 6)).toBe(8);
    expect(newLineOf(SHIFTING, 'app/x.py', 20)).toBe(22);
    expect(newLineOf(SHIFTING, 'app/x.py', 41)).toBeNull();
    expect(newLineOf(SHIFTING, 'app/x.py', 42)).toBe(43);
    expect(newLineOf(SHIFTING, 'app/x.py', 60)).toBe(61);
    expect(newLineOf(SHIFTING, 'app/other.py', 20)).toBe(20);
  });
});

describe('movedOn', () => {
  const old = failingAt(11, "'coroutine' object has no attribute 'total_cents'");

  it('is true when the error now comes from a later line with another message', () => {
    expect(movedOn(old, failingAt(15, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(true);
  });

  it('is false at the same line, at an earlier one, with the same message, or in another file', () => {
    expect(movedOn(old, failingAt(11, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(false);
    expect(movedOn(old, failingAt(8, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(false);
    expect(movedOn(old, failingAt(15, "'coroutine' object has no attribute 'total_cents'"), AWAIT)).toBe(false);
    const elsewhere = failingAt(15, "'Tour' object has no attribute 'title'");
    expect(movedOn(old, { ...elsewhere, signature: { ...elsewhere.signature, file: 'app/other.py' } }, AWAIT)).toBe(
      false,
    );
  });

  it('is false when the old line only moved down by the lines the patch added above it', () => {
    const guard =
      '--- a/app/bookings.py\n' +
      '+++ b/app/bookings.py\n' +
      '@@ -9,2 +9,4 @@\n' +
      ' ctx\n' +
      '+    if tour is None:\n' +
      '+        raise NotFound()\n' +
      ' ctx\n';
    expect(movedOn(old, failingAt(13, "'Tour' object has no attribute 'title'"), guard)).toBe(false);
    expect(movedOn(old, failingAt(14, "'Tour' object has no attribute 'title'"), guard)).toBe(true);
  });

  it('is true past a failing line the patch rewrote itself, and false at the rewrite', () => {
    const rewritten = failingAt(10, "'BookingIn' object has no attribute 'tour'");
    expect(movedOn(rewritten, failingAt(13, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(true);
    expect(movedOn(rewritten, failingAt(10, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(false);
    expect(movedOn(rewritten, failingAt(9, "'Tour' object has no attribute 'title'"), AWAIT)).toBe(false);
  });
});
