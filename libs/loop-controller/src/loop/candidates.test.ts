import { describe, expect, it } from 'vitest';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';

describe('candidates per root cause, and why the loop stopped', () => {
  it('no candidate at all: retry budget, stopCause no_candidate', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 500 })], repairs: [repairResult([], { rootCauses: ['a'] })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'no_candidate' });
    expect(result.escalation?.reason).toBe('retry budget');
    // Every root cause the loop saw is listed, with the candidates it had: none.
    expect(result.rootCauses).toEqual([
      { signature: expect.stringContaining('app/a.py'), endpoints: ['GET /a'], candidates: [] },
    ]);
  });

  it(`a rejected candidate, then the next one is tried; when none is left: all_candidates_rejected, every verdict \
listed`, async () => {
    const first = { ...patchFor('a'), recipeId: 'python.first' };
    const second = { ...patchFor('a'), recipeId: 'python.second' };
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass' }),
        smokeResult({ a: 500, b: 'pass' }),
        smokeResult({ a: 500, b: 'pass' }),
      ],
      repairs: [repairResult([first]), repairResult([second]), repairResult([], { rootCauses: ['a'] })],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'all_candidates_rejected', fixesApplied: 0 });
    expect(result.rootCauses).toEqual([
      {
        signature: first.signature.key,
        endpoints: ['GET /a'],
        candidates: [
          expect.objectContaining({
            iteration: 1,
            patchId: first.id,
            recipeId: 'python.first',
            verdict: 'rejected',
            rule: 'same-error',
          }),
          expect.objectContaining({
            iteration: 2,
            patchId: second.id,
            recipeId: 'python.second',
            verdict: 'rejected',
            rule: 'same-error',
          }),
        ],
      },
    ]);
    expect(f.repairContexts[2]?.rejected).toHaveLength(2);
  });

  it('the second candidate is accepted and kept: the first stays rejected, the loop passes', async () => {
    const wrong = { ...patchFor('a'), recipeId: 'python.first' };
    const right = { ...patchFor('a'), recipeId: 'python.second' };
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass' }),
        smokeResult({ a: 500, b: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass' }),
      ],
      repairs: [repairResult([wrong]), repairResult([right])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'passed', fixesApplied: 1 });
    expect(result.stopCause).toBeUndefined();
    expect(result.rootCauses?.[0]?.candidates.map((c) => [c.recipeId, c.verdict])).toEqual([
      ['python.first', 'rejected'],
      ['python.second', 'accepted'],
    ]);
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${right.id}`);
  });

  it('an LLM with nothing to offer gets its next, more verbose attempt instead of ending the loop', async () => {
    const silent = {
      rootCause: 'hash-a',
      signature: 'k',
      strategy: 'llm' as const,
      outcome: 'no_proposal' as const,
      detail: 'llm: no fix',
      durationMs: 1,
    };
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500 }), smokeResult({ a: 'pass' })],
      repairs: [repairResult([], { rootCauses: ['a'], attempts: [silent] }), repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('passed');
    expect(f.repairContexts.map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('a deterministic round with nothing new stops at once, not after the attempts', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 500 })], repairs: [repairResult([], { rootCauses: ['a'] })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.iterations).toHaveLength(1);
  });
});

describe('the escalation bundle speaks of repair attempts and what is left', () => {
  it(`a signature failing in several scenarios costs one attempt per round, and is listed once per \
endpoint`, async () => {
    const twice = smokeResult({ a: 500, 'a#2': 500, b: 'pass' });
    // Both scenarios of endpoint a fail with a's signature.
    const shared = {
      ...twice,
      violations: twice.violations.map((v) => ({
        ...v,
        endpoint: 'GET /a',
        signature: twice.violations[0]!.signature,
      })),
    };
    const f = fakeDeps({ smokes: [shared], repairs: [repairResult([], { rootCauses: ['a'] })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.escalation?.failures).toEqual([
      { nodeid: 'GET /a', signature: shared.violations[0]!.signature.key, attempts: 1 },
    ]);
  });

  it(`last_patch_diff is the last candidate tried for a failure that remains, not an accepted patch of another \
one`, async () => {
    const good = patchFor('b');
    const wrong = patchFor('a');
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500 }), smokeResult({ a: 500, b: 'pass' }), smokeResult({ a: 500, b: 'pass' })],
      repairs: [repairResult([wrong, good]), repairResult([], { rootCauses: ['a'] })],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.fixesApplied).toBe(1);
    expect(result.escalation?.last_patch_diff).toBe(wrong.diff);
  });
});
