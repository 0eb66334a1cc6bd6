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

  it(`does not count a read now sent with the id of a create that failed before and still fails (it now returns \
one), nor the negative twin blocked behind it`, () => {
    const before = smokeResult({ create: 422, read: 'pass', 'read [unknown id]': 'pass', other: 'pass' });
    const after = smokeResult({ create: 422, read: 422, 'read [unknown id]': 'blocked', other: 'pass' });
    after.scenarios[1]!.notes.push('id taken from create, which failed its checks');
    after.scenarios[2]!.blockedBy.push('read');
    expect(findRegressions(before, after)).toEqual({ regressed: [], fewerPasses: false });
    // A create that passed before and fails now is the patch's doing: the read's loss counts.
    const passing = smokeResult({ create: 'pass', read: 'pass', other: 'pass' });
    const broken = smokeResult({ create: 422, read: 422, other: 'pass' });
    broken.scenarios[1]!.notes.push('id taken from create, which failed its checks');
    expect(findRegressions(passing, broken)).toEqual({ regressed: ['create', 'read'], fewerPasses: true });
    // A read that took the failing create's id before too, and passed with it, lost its pass.
    before.scenarios[1]!.notes.push('id taken from create, which failed its checks');
    expect(findRegressions(before, after).regressed).toEqual(['read']);
  });

  it("does not count a read sent with the contract's example before and the fixed create's id now", () => {
    const before = smokeResult({ create: 500, read: 'pass', other: 'pass' });
    before.scenarios[1]!.notes.push("item_id is the contract's example 7: POST /items, GET /items provided none");
    const after = smokeResult({ create: 'pass', read: 500, other: 'pass' });
    expect(findRegressions(before, after)).toEqual({ regressed: [], fewerPasses: false });
    // The documented-ids read always sends the example: its loss counts.
    const documented = smokeResult({ read: 'pass' });
    documented.scenarios[0]!.notes.push("item_id is the contract's example 7");
    const lost = smokeResult({ read: 500 });
    lost.scenarios[0]!.notes.push("item_id is the contract's example 7");
    expect(findRegressions(documented, lost).regressed).toEqual(['read']);
  });
});
