import { describe, expect, it } from 'vitest';
import { createMemoryPatternStore } from '@smoke-repair/pattern-store';
import { createRepairLoop } from '../run-repair-loop.js';
import {
  createMemoryWorkspace,
  fakeDeps,
  patchFor,
  repairResult,
  settings,
  smokeResult,
  type FakeDepsOptions,
} from '../test-support/fakes.js';
import { loopResultSchema } from './loop-result.js';

const ORIGINAL = { 'app/a.py': 'original a', 'app/b.py': 'original b', 'app/c.py': 'original c' };

/**
 * Two iterations: the first fixes `a` (kept), the second fixes `b`. `phase` names where Ctrl-C
 * arrives, in iteration `at`; the loop must stop, roll back to the last good checkpoint and
 * still return a result.
 */
async function interruptAt(phase: 'baseline' | 'repair' | 'apply' | 'restart' | 're-smoke', at: 1 | 2) {
  const controller = new AbortController();
  const abort = () => controller.abort('SIGINT');
  const workspace = createMemoryWorkspace(ORIGINAL);
  const store = createMemoryPatternStore();
  let iteration = 0;
  const options: FakeDepsOptions = {
    workspace,
    store,
    smokes: [
      smokeResult({ a: 500, b: 500, c: 'pass' }),
      smokeResult({ a: 'pass', b: 500, c: 'pass' }),
      smokeResult({ a: 'pass', b: 'pass', c: 'pass' }),
    ],
    repairs: async (_violations, call) => {
      iteration = call + 1;
      if (phase === 'repair' && iteration === at) {
        abort();
        // A strategy sees the signal and stops (as repairFromSmokeViolations does).
        controller.signal.throwIfAborted();
      }
      return call === 0
        ? repairResult([patchFor('a')])
        : repairResult([patchFor('b'), patchFor('c', { files: ['app/c.py', 'app/c2.py'] })]);
    },
    onSmoke: (request, call) => {
      if (phase === 'baseline' && call === 0) abort();
      if (phase === 're-smoke' && request.iteration === at) abort();
    },
    onRestart: () => {
      if (phase === 'restart' && iteration === at) abort();
    },
  };
  let applied = 0;
  workspace.onApply(() => {
    // Between the two patches of iteration 2 (or after the only one of iteration 1).
    if (phase === 'apply' && iteration === at && ++applied === 1) abort();
  });
  const f = fakeDeps(options);
  const result = await createRepairLoop(f.deps, settings({ targetPassRate: 1 })).run(controller.signal);
  return { result, f, store };
}

describe('abort signal (Ctrl-C / SIGTERM) in each phase', () => {
  it('during the baseline smoke: escalated at once, nothing repaired, tree untouched', async () => {
    const { result, f } = await interruptAt('baseline', 1);
    expect(result.outcome).toBe('escalated');
    expect(result.stopReason).toMatch(/interrupted \(SIGINT\)/);
    expect(f.repairCalls).toHaveLength(0);
    expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
    expect(loopResultSchema.parse(result)).toEqual(result);
  });

  for (const phase of ['repair', 'apply', 'restart', 're-smoke'] as const) {
    it(`during ${phase} of iteration 1: back to the baseline files, result returned`, async () => {
      const { result, f, store } = await interruptAt(phase, 1);
      expect(result.outcome).toBe('escalated');
      expect(result.escalation).toBeDefined();
      expect(result.stopReason).toMatch(/interrupted \(SIGINT\)/);
      expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
      expect(result.fixesApplied).toBe(0);
      expect(result.patchFile).toBeNull();
      // An interrupted iteration teaches nothing: no outcome is recorded for its patches.
      expect((await store.stats()).attempts).toBe(0);
      expect(result.iterations.every((i) => !i.kept)).toBe(true);
    });

    it(`during ${phase} of iteration 2: back to the end of iteration 1`, async () => {
      const { result, f, store } = await interruptAt(phase, 2);
      expect(result.outcome).toBe('escalated');
      expect(result.stopReason).toMatch(/interrupted \(SIGINT\)/);
      expect(f.workspace.files.get('app/a.py')).toMatch(/^fixed by p-a-/);
      expect(f.workspace.files.get('app/b.py')).toBe('original b');
      expect(f.workspace.files.get('app/c.py')).toBe('original c');
      expect(f.workspace.files.has('app/c2.py')).toBe(false);
      expect(f.workspace.checkpoint()).toBe(1);
      expect(result.fixesApplied).toBe(1);
      expect(result.patchFile).toBe('/artifacts/accepted.patch');
      expect(await store.stats()).toMatchObject({ attempts: 1, outcomes: { fixed: 1, not_fixed: 0, regressed: 0 } });
    });
  }

  it('an abort during the re-smoke is not taken for a regression', async () => {
    const { result } = await interruptAt('re-smoke', 1);
    expect(result.escalation?.reason).not.toBe('regression');
  });
});

describe('errors that are not an abort', () => {
  it(`an app that does not come back after a patch: the patch is rejected (no-restart) and rolled back, not left in \
the tree`, async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 'pass' })],
      repairs: [repairResult([patchFor('a')])],
      onRestart: (call) => {
        if (call === 1)
          throw Object.assign(new Error('the app exited with code 1 before it was ready'), {
            code: 'SMOKE_APP_EXITED',
          });
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('escalated');
    // Nothing else to try once the only candidate is rejected: the budget, with the precise cause.
    expect(result.escalation?.reason).toBe('retry budget');
    expect(result.iterations[0]).toMatchObject({ kept: false, patches: [{ outcome: 'rejected', rule: 'no-restart' }] });
    // The strategy offers the same patch again: it is not tried twice.
    expect(result.stopCause).toBe('all_candidates_rejected');
    expect(result.iterations).toHaveLength(2);
    expect(result.rootCauses?.[0]?.candidates).toEqual([
      expect.objectContaining({
        verdict: 'rejected',
        rule: 'no-restart',
        reason: expect.stringMatching(/exited with code 1/),
      }),
    ]);
    expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
    expect(f.restarts).toBe(2);
  });

  it('any other failure mid-iteration rolls back to the last good checkpoint before it propagates', async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 'pass' })],
      repairs: [repairResult([patchFor('a'), patchFor('b')])],
    });
    let applies = 0;
    f.workspace.onApply(() => {
      if (++applies === 2) throw new Error('patch p2 no longer applies');
    });
    await expect(createRepairLoop(f.deps, settings()).run()).rejects.toThrow(/no longer applies/);
    expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
  });
});
