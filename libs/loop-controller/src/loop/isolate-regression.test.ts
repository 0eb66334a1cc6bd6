import { describe, expect, it } from 'vitest';
import { createRepairLoop } from '../run-repair-loop.js';
import { LoopError } from '../errors.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';

// A round of a (good) and b (breaks c), isolated: a alone is kept, b on top breaks c again.
const ROUND_B_BREAKS_C = [
  smokeResult({ a: 500, b: 500, c: 'pass' }), // baseline
  smokeResult({ a: 'pass', b: 'pass', c: 500 }), // the round
  smokeResult({ a: 'pass', b: 'pass', c: 500 }), // its confirming rerun
  smokeResult({ a: 'pass', b: 500, c: 'pass' }), // a alone
  smokeResult({ a: 'pass', b: 'pass', c: 500 }), // then b on top
  smokeResult({ a: 'pass', b: 'pass', c: 500 }), // its confirming rerun
];

describe(`a round of several patches that regresses: the culprit is isolated and rejected, the good patches stay, the \
loop goes on`, () => {
  it(`one patch breaks a passing scenario: it alone is rolled back and rejected, the other kept, the loop goes \
on`, async () => {
    const good = patchFor('a');
    const bad = patchFor('b');
    const f = fakeDeps({
      smokes: ROUND_B_BREAKS_C,
      // Round 2: no other candidate for b.
      repairs: [repairResult([good, bad]), repairResult([], { rootCauses: ['b'] })],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(f.events).toContainEqual({
      type: 'verdict',
      iteration: 1,
      kept: true,
      detail:
        `iteration 1 broke c; tried one at a time, kept 1 of 2 patches and rolled back ${bad.id} (broke c): ` +
        `pass rate 66.7%, 1 server errors`,
    });
    // The loop went on to round 2 (b's root cause, told its candidate regressed), and ended there.
    expect(f.repairContexts[1]?.rejected).toEqual([expect.objectContaining({ signatureHash: bad.signature.hash })]);
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopCause).toBe('all_candidates_rejected');
    expect(result.stopReason).toMatch(
      new RegExp(`the last candidate for .* \\(${bad.id}\\) was rolled back: broke c$`),
    );
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${good.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(result).toMatchObject({ fixesApplied: 1, filesFixed: 1, patchFile: '/artifacts/accepted.patch' });
    expect(result.iterations[0]).toMatchObject({
      kept: true,
      patches: [
        { id: good.id, outcome: 'fixed' },
        { id: bad.id, outcome: 'rolled_back', rule: 'broke-passing', reason: 'broke c' },
      ],
    });
    expect(result.rootCauses?.find((c) => c.signature === bad.signature.key)?.candidates).toEqual([
      expect.objectContaining({ patchId: bad.id, verdict: 'regressed', rule: 'broke-passing', reason: 'broke c' }),
    ]);
    expect(result.final).toMatchObject({ passRate: 2 / 3, serverErrors: 1 });
    expect(result.escalation?.last_patch_diff).toBe(bad.diff);
    // round + rollback, then a alone, b alone, and back to a
    expect(f.restarts).toBe(7); // each confirming rerun starts fresh: one restart more per suspected regression
    const stats = await f.store!.stats();
    expect(stats.outcomes).toMatchObject({ fixed: 1, regressed: 1 });
  });

  it("the culprit's root cause gets its next candidate, kept on top of the patch kept in isolation", async () => {
    const good = patchFor('a');
    const bad = patchFor('b');
    const right = patchFor('b');
    const f = fakeDeps({
      smokes: [...ROUND_B_BREAKS_C, smokeResult({ a: 'pass', b: 'pass', c: 'pass' })], // round 2: b's next candidate
      repairs: [repairResult([good, bad]), repairResult([right])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'passed', fixesApplied: 2 });
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${good.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe(`fixed by ${right.id}`);
    expect(result.rootCauses?.find((c) => c.signature === bad.signature.key)?.candidates).toEqual([
      expect.objectContaining({ patchId: bad.id, verdict: 'regressed' }),
      expect.objectContaining({ patchId: right.id, verdict: 'accepted' }),
    ]);
  });

  it('one patch keeps the app from restarting: it is rejected, the others are kept', async () => {
    const bad = patchFor('a');
    const good = patchFor('b');
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500, c: 'pass' }), smokeResult({ a: 500, b: 'pass', c: 'pass' })],
      repairs: [repairResult([bad, good]), repairResult([], { rootCauses: ['a'] })],
      onRestart: (call) => {
        // 1: the round, 3: a alone — both on a tree holding the bad patch
        if (call === 1 || call === 3) throw new Error('SyntaxError in app/a.py');
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    const verdict = f.events.findLast((e) => e.type === 'verdict' && e.iteration === 1);
    expect(verdict).toMatchObject({
      detail: expect.stringMatching(
        new RegExp(
          String.raw`did not restart on the patched code .*kept 1 of 2 patches and rolled back p-a-\w+ \(kept` +
            String.raw` the app from restarting`,
        ),
      ),
    });
    expect(result.rootCauses?.[0]?.candidates).toEqual([
      expect.objectContaining({ patchId: bad.id, verdict: 'regressed', rule: 'no-restart' }),
    ]);
    // No other candidate for a: the run ends on that regression.
    expect(result.escalation?.reason).toBe('regression');
    expect(result.escalation?.last_patch_diff).toBe(bad.diff);
    expect(f.workspace.files.get('app/a.py')).toBe('original a');
    expect(f.workspace.files.get('app/b.py')).toBe(`fixed by ${good.id}`);
    expect(result.fixesApplied).toBe(1);
  });

  it('the kept patches reach the target: the loop finishes there', async () => {
    const good = patchFor('a');
    const bad = patchFor('b');
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 404, c: 'pass', d: 'pass', e: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 'pass', e: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 'pass', e: 'pass' }),
        smokeResult({ a: 'pass', b: 404, c: 'pass', d: 'pass', e: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 'pass', e: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 'pass', e: 'pass' }),
      ],
      repairs: [repairResult([good, bad])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'target_reached', fixesApplied: 1 });
    expect(result.final.passRate).toBe(0.8);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
  });

  it(`isolateRegressions false: the culprit cannot be isolated, the whole round is rolled back and the loop stops with \
regression`, async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500, c: 'pass' }), smokeResult({ a: 'pass', b: 'pass', c: 500 })],
      repairs: [repairResult([patchFor('a'), patchFor('b')])],
    });
    const result = await createRepairLoop(f.deps, settings({ isolateRegressions: false })).run();
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'regression' });
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopReason).toMatch(/iteration 1 broke c; its patches were rolled back/);
    expect(f.repairCalls).toHaveLength(1);
    expect(result.fixesApplied).toBe(0);
    expect(f.workspace.files.get('app/a.py')).toBe('original a');
    expect(f.restarts).toBe(3); // + the fresh start before the confirming rerun
  });
});

describe('isolation and patches written on top of each other', () => {
  it(`a patch that no longer applies once an earlier one is rolled back stays out, without crashing the \
loop`, async () => {
    const bad = patchFor('a');
    const dependent = patchFor('b');
    const good = patchFor('c');
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 500, c: 500, d: 'pass' }), // baseline
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }), // the round
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }), // its confirming rerun
        smokeResult({ a: 'pass', b: 500, c: 500, d: 500 }), // a alone
        smokeResult({ a: 'pass', b: 500, c: 500, d: 500 }), // its confirming rerun
        smokeResult({ a: 500, b: 500, c: 'pass', d: 'pass' }), // c alone (b did not apply)
      ],
      repairs: [repairResult([bad, dependent, good]), repairResult([], { rootCauses: ['a', 'b'] })],
    });
    let isolating = false;
    f.workspace.onApply((patch) => {
      if (patch.id === bad.id && f.workspace.calls.filter((c) => c === `apply ${bad.id}`).length > 1) isolating = true;
      // b was written on top of a: alone it conflicts, as the journaled workspace reports it
      if (isolating && patch.id === dependent.id && f.workspace.files.get('app/a.py') === 'original a') {
        throw new LoopError('SMOKE_LOOP_PATCH_CONFLICT', `patch ${patch.id} no longer applies`);
      }
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    const verdict = f.events.findLast((e) => e.type === 'verdict' && e.iteration === 1);
    expect(verdict).toMatchObject({
      detail: expect.stringMatching(
        new RegExp(`kept 1 of 3 patches and rolled back ${bad.id} \\(broke d\\); ${dependent.id} \\(no longer applies`),
      ),
    });
    expect(result.escalation?.reason).toBe('regression');
    expect(f.workspace.files.get('app/a.py')).toBe('original a');
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(f.workspace.files.get('app/c.py')).toBe(`fixed by ${good.id}`);
    expect(result.fixesApplied).toBe(1);
    expect(result.iterations[0]!.patches.map((p) => p.outcome)).toEqual(['rolled_back', 'rolled_back', 'fixed']);
  });
});
