import { describe, expect, it } from 'vitest';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';

// What AbortSignal.timeout(budget) aborts with: the loop's own time budget, not a user's Ctrl-C.
const budgetSpent = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

describe('the time budget runs out while candidates are on trial', () => {
  it(`mid-isolation: the patches kept on their own before it stand, the rest are recorded untried, the regression is \
not isolated`, async () => {
    const controller = new AbortController();
    const [a, b, c] = [patchFor('a'), patchFor('b'), patchFor('c')];
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 500, c: 500, d: 'pass' }), // baseline
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }), // the round breaks d
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }), // confirmed
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }), // a alone: kept
      ],
      repairs: [repairResult([a, b, c])],
      onSmoke: (_request, call) => {
        if (call === 4) {
          // b alone: the budget's timer fires mid-smoke, which aborts the smoke
          controller.abort(budgetSpent());
          controller.signal.throwIfAborted();
        }
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run(controller.signal);
    expect(result).toMatchObject({
      outcome: 'escalated',
      stopCause: 'time_budget',
      fixesApplied: 1,
      patchFile: '/artifacts/accepted.patch',
    });
    // The culprit is among the untried: it could not be isolated, so the run ends on the regression.
    expect(result.escalation?.reason).toBe('regression');
    expect(result.escalation?.last_patch_diff).toBe(b.diff + c.diff);
    expect(result.stopReason).toMatch(/no time left to try p-b-\w+, p-c-\w+ on their own$/);
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${a.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(f.workspace.files.get('app/c.py')).toBe('original c');
    expect(result.final).toMatchObject({ serverErrors: 2 });
    const verdicts = Object.fromEntries(
      (result.rootCauses ?? []).flatMap((cause) => cause.candidates.map((k) => [k.patchId, [k.verdict, k.reason]])),
    );
    expect(verdicts[a.id]?.[0]).toBe('accepted');
    expect(verdicts[b.id]).toEqual(['untried', 'the time budget ran out while it was tried on its own']);
    expect(verdicts[c.id]).toEqual(['untried', 'no time left to try it on its own']);
    expect(result.iterations[0]).toMatchObject({ kept: true });
  });

  it('during the round itself: nothing kept, every candidate recorded untried, the tree as it was', async () => {
    const controller = new AbortController();
    const [a, b] = [patchFor('a'), patchFor('b')];
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500, c: 'pass' })],
      repairs: [repairResult([a, b])],
      onSmoke: (_request, call) => {
        if (call === 1) {
          controller.abort(budgetSpent());
          controller.signal.throwIfAborted();
        }
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run(controller.signal);
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'time_budget', fixesApplied: 0, patchFile: null });
    expect(result.stopReason).toMatch(/ran out while iteration 1's candidates were on trial/);
    expect(f.workspace.files.get('app/a.py')).toBe('original a');
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    const verdicts = (result.rootCauses ?? []).flatMap((cause) => cause.candidates.map((k) => k.verdict));
    expect(verdicts).toEqual(['untried', 'untried']);
    expect(result.iterations[0]?.patches.map((p) => p.id)).toEqual([a.id, b.id]);
  });

  it('the budget runs out while the app restarts after a rejected patch: the kept ones stand', async () => {
    const controller = new AbortController();
    const [a, b, c] = [patchFor('a'), patchFor('b'), patchFor('c')];
    let restarts = 0;
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 500, c: 500, d: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 }),
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }), // a alone: kept
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }), // b alone: its own error remains, rejected
      ],
      repairs: [repairResult([a, b, c])],
      onRestart: () => {
        // the round, its confirming rerun, its rollback, a alone, b alone, then the restart after b's rollback
        if (++restarts === 6) {
          controller.abort(budgetSpent());
          controller.signal.throwIfAborted();
        }
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run(controller.signal);
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'time_budget', fixesApplied: 1 });
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${a.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    const verdicts = Object.fromEntries(
      (result.rootCauses ?? []).flatMap((cause) => cause.candidates.map((k) => [k.patchId, k.verdict])),
    );
    expect(verdicts).toMatchObject({ [a.id]: 'accepted', [b.id]: 'rejected', [c.id]: 'untried' });
  });

  it("a user's interrupt mid-isolation still undoes the whole round", async () => {
    const controller = new AbortController();
    const [a, b] = [patchFor('a'), patchFor('b')];
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500 }),
        smokeResult({ a: 'pass', b: 'pass', c: 500 }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
      ],
      repairs: [repairResult([a, b])],
      onSmoke: (_request, call) => {
        if (call === 4) {
          controller.abort('SIGINT');
          controller.signal.throwIfAborted();
        }
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run(controller.signal);
    expect(result.stopReason).toMatch(/interrupted \(SIGINT\)/);
    expect(f.workspace.files.get('app/a.py')).toBe('original a');
    expect(result.fixesApplied).toBe(0);
  });
});
