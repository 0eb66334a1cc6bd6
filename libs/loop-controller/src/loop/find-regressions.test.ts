import { describe, expect, it } from 'vitest';
import { smokeResult } from '../test-support/fakes.js';
import { findRegressions } from './summarize.js';

const LISTED = 'id taken from GET /items (no create of /items returned one)';

// `read` passed on a listed id while `create` failed; after a patch, `create` passes and `read` fails.
function runs(noteAfter: string[]) {
  const before = smokeResult({ create: 500, read: 'pass', other: 'pass' });
  before.scenarios[1]!.notes.push(LISTED);
  const after = smokeResult({ create: 'pass', read: 500, other: 'pass' });
  after.scenarios[1]!.notes.push(...noteAfter);
  return { before, after };
}

describe('findRegressions', () => {
  it('does not count a read now sent with the id of the create the patch fixed (a listed id before)', () => {
    const { before, after } = runs([]);
    expect(findRegressions(before, after)).toEqual({ regressed: [], fewerPasses: false });
  });

  it('counts a read that still takes its id from the listing, and a plain pass lost', () => {
    const { before, after } = runs([LISTED]);
    expect(findRegressions(before, after).regressed).toEqual(['read']);
    const plain = findRegressions(smokeResult({ read: 'pass' }), smokeResult({ read: 500 }));
    expect(plain).toEqual({ regressed: ['read'], fewerPasses: true });
  });
});
