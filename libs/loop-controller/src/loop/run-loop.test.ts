import { describe, expect, it } from 'vitest';
import { createMemoryPatternStore } from '@smoke-repair/pattern-store';
import { patchDiffHash } from '@smoke-repair/repair-agent';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';
import { loopResultSchema } from './loop-result.js';

const ORIGINAL = { 'app/a.py': 'original a', 'app/b.py': 'original b', 'app/c.py': 'original c' };

describe('trigger', () => {
  it('everything passes: passed, no repair', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 'pass', b: 'pass' })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'passed', iterations: [], fixesApplied: 0 });
    expect(result.escalation).toBeUndefined();
    expect(f.repairCalls).toHaveLength(0);
    expect(loopResultSchema.parse(result)).toEqual(result);
  });

  it('pass rate at the trigger and no 5xx: not triggered', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 404 })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('not_triggered');
    expect(result.stopReason).toMatch(/no repair needed/);
    expect(f.repairCalls).toHaveLength(0);
  });

  it('a pass rate below the trigger triggers repair', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 404, b: 404, c: 'pass' })], repairs: [repairResult([])] });
    await createRepairLoop(f.deps, settings()).run();
    expect(f.events.find((e) => e.type === 'trigger')).toMatchObject({
      triggered: true,
      reason: expect.stringMatching(/pass rate 33.3% < 80%/),
    });
    expect(f.repairCalls).toHaveLength(1);
  });

  it('any 5xx triggers repair even above the trigger pass rate', async () => {
    const spec = Object.fromEntries([...'abcdefghi'].map((id) => [id, 'pass' as const]));
    const f = fakeDeps({ smokes: [smokeResult({ ...spec, z: 500 })], repairs: [repairResult([])] });
    await createRepairLoop(f.deps, settings()).run();
    expect(f.events.find((e) => e.type === 'trigger')).toMatchObject({ triggered: true, reason: '1 server error' });
  });
});

describe('target and budgets', () => {
  it('target reached: pass rate ≥ 0.8 and no 5xx left', async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass', d: 'pass', e: 404 }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 404 }),
      ],
      repairs: [repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({
      outcome: 'target_reached',
      fixesApplied: 1,
      filesFixed: 1,
      patchFile: '/artifacts/accepted.patch',
    });
    expect(result.iterations).toHaveLength(1);
    expect(result.iterations[0]).toMatchObject({ kept: true, patches: [{ outcome: 'fixed' }] });
    expect(f.workspace.files.get('app/a.py')).toMatch(/^fixed by p-a-/);
    expect(result.final.passRate).toBe(0.8);
  });

  it('targetPassRate 1 needs every scenario to pass', async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass', d: 'pass', e: 404 }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 404 }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 'pass' }),
      ],
      repairs: [repairResult([patchFor('a')]), repairResult([patchFor('e')])],
    });
    const result = await createRepairLoop(f.deps, settings({ targetPassRate: 1 })).run();
    expect(result.outcome).toBe('passed');
    expect(result.iterations).toHaveLength(2);
    expect(result.final.passRate).toBe(1);
  });

  it('max iterations: escalates with retry budget at the loop limit', async () => {
    const smokes = [
      smokeResult({ a: 500, b: 500, c: 500 }),
      smokeResult({ a: 'pass', b: 500, c: 500 }),
      smokeResult({ a: 'pass', b: 'pass', c: 500 }),
    ];
    const f = fakeDeps({ smokes, repairs: [repairResult([patchFor('a')]), repairResult([patchFor('b')])] });
    const result = await createRepairLoop(f.deps, settings({ maxIterations: 2 })).run();
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('retry budget');
    expect(result.stopReason).toMatch(/loop limit of 2 iterations/);
    expect(result.iterations).toHaveLength(2);
    expect(result.fixesApplied).toBe(2);
  });

  it('3 attempts per signature, then retry budget; the bundle counts the attempts', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 500, b: 'pass' })], repairs: () => repairResult([patchFor('a')]) });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(f.repairCalls).toHaveLength(3);
    expect(result.outcome).toBe('escalated');
    expect(result.escalation).toMatchObject({ reason: 'retry budget', failures: [{ nodeid: 'GET /a', attempts: 3 }] });
    expect(result.stopReason).toMatch(/every remaining failure had 3 attempts/);
    // Each round's candidate left its scenario failing with the same error: rejected, not kept.
    expect(result.iterations.map((i) => [i.patches[0]?.outcome, i.patches[0]?.rule, i.kept])).toEqual([
      ['rejected', 'same-error', false],
      ['rejected', 'same-error', false],
      ['rejected', 'same-error', false],
    ]);
    expect(result.fixesApplied).toBe(0);
    expect(result.patchFile).toBeNull();
  });

  it('attempt numbers rise with the attempts (seed 004 verbosity escalation)', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 500, b: 'pass' })], repairs: () => repairResult([patchFor('a')]) });
    await createRepairLoop(f.deps, settings()).run();
    expect(f.smokeRequests.map((r) => r.attempt)).toEqual([1, 2, 3, 3]);
  });

  it('no strategy produced a patch: retry budget, tree untouched', async () => {
    const f = fakeDeps({ smokes: [smokeResult({ a: 500 })], repairs: [repairResult([], { rootCauses: ['a'] })] });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.escalation?.reason).toBe('retry budget');
    expect(result.stopReason).toMatch(/no strategy produced a patch/);
    expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
    expect(result.patchFile).toBeNull();
  });

  it('only oversize patches: patch size', async () => {
    const rejected = {
      rootCause: 'hash-a',
      signature: 'k',
      strategy: 'llm' as const,
      outcome: 'rejected' as const,
      detail: 'the patch changes 420 lines (limit 200)',
      durationMs: 1,
      rule: 'too_many_lines',
    };
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500 })],
      repairs: [repairResult([], { rootCauses: ['a'], attempts: [rejected] })],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.escalation?.reason).toBe('patch size');
    expect(result.stopCause).toBe('patch_too_large');
    expect(result.iterations[0]?.rejected).toEqual([
      { signature: 'k', strategy: 'llm', reason: 'the patch changes 420 lines (limit 200)' },
    ]);
  });

  it('time budget (fake clock): stops at the next iteration once the budget is spent', async () => {
    let clock = 1_000;
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500 }), smokeResult({ a: 'pass', b: 500 })],
      repairs: () => repairResult([patchFor('a')]),
      now: () => clock,
      onSmoke: () => {
        clock += 4 * 60_000;
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('time budget');
    expect(result.iterations).toHaveLength(2);
    expect(result.durationMs).toBe(3 * 4 * 60_000);
    // The kept iterations stay: a budget stop is not a rollback.
    expect(f.workspace.checkpoint()).toBe(2);
  });
});

describe('regressions', () => {
  it(`confirmed by a rerun: rolled back and rejected; with no other candidate the run ends on reason \
regression`, async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
      ],
      repairs: [
        repairResult([patchFor('a', { files: ['app/a.py', 'app/new.py'] })]),
        repairResult([], { rootCauses: ['a'] }),
      ],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopCause).toBe('all_candidates_rejected');
    expect(result.stopReason).toMatch(
      new RegExp(
        String.raw`^regression: every candidate tried for the 1 remaining root cause was rejected .*; the las` +
          String.raw`t candidate for .* \(p-a-\w+\) was rolled back: iteration 1 broke b$`,
      ),
    );
    expect(Object.fromEntries(f.workspace.files)).toEqual(ORIGINAL);
    expect(f.smokeRequests.map((r) => r.rerun)).toEqual([false, false, true]);
    expect(result.iterations[0]).toMatchObject({
      kept: false,
      flaky: [],
      patches: [{ outcome: 'rolled_back', rule: 'broke-passing', reason: 'iteration 1 broke b' }],
    });
    expect(result.rootCauses?.[0]?.candidates).toEqual([
      expect.objectContaining({ verdict: 'regressed', rule: 'broke-passing', reason: 'iteration 1 broke b' }),
    ]);
    expect(result.escalation?.last_patch_diff).toContain('+++ b/app/new.py');
    expect(f.events.filter((e) => e.type === 'rollback')).toHaveLength(1);
    // Restarts: after the patch, before the confirming rerun (same data), on the rolled-back code.
    expect(f.restarts).toBe(3);
    expect(result.patchFile).toBeNull();
    expect(result.filesFixed).toBe(0);
  });

  it(`the regressing patch is rejected and the loop goes on: the next candidate of the same root cause is tried and \
kept`, async () => {
    const breaking = patchFor('a');
    const right = patchFor('a');
    const store = createMemoryPatternStore();
    const f = fakeDeps({
      store,
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }), // the first candidate breaks b
        smokeResult({ a: 'pass', b: 500, c: 'pass' }), // confirmed
        smokeResult({ a: 'pass', b: 'pass', c: 'pass' }), // the second fixes a alone
      ],
      repairs: [repairResult([breaking]), repairResult([right])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result).toMatchObject({ outcome: 'passed', fixesApplied: 1 });
    expect(result.escalation).toBeUndefined();
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${right.id}`);
    expect(result.iterations.map((i) => [i.kept, i.patches.map((p) => [p.id, p.outcome])])).toEqual([
      [false, [[breaking.id, 'rolled_back']]],
      [true, [[right.id, 'fixed']]],
    ]);
    expect(result.rootCauses?.[0]?.candidates).toEqual([
      expect.objectContaining({ patchId: breaking.id, verdict: 'regressed', rule: 'broke-passing' }),
      expect.objectContaining({ patchId: right.id, verdict: 'accepted', rule: 'passes' }),
    ]);
    expect(f.events).toContainEqual({
      type: 'verdict',
      iteration: 1,
      kept: false,
      detail: `iteration 1 broke b: ${breaking.id} rolled back and not proposed again`,
    });
    // Learned: the culprit as a regression, the second candidate as a fix.
    expect((await store.stats()).outcomes).toMatchObject({ fixed: 1, regressed: 1 });
  });

  it('a regressed candidate is never proposed again, not even under another id', async () => {
    const breaking = { ...patchFor('a'), strategy: 'llm' as const };
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
      ],
      // A model answers the same diff every attempt.
      repairs: (_violations, call) => repairResult([call === 0 ? breaking : { ...breaking, id: `again-${call}` }]),
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    // The repair agent is told, every later round, that this candidate regressed.
    expect(f.repairContexts.slice(1).map((c) => c.rejected)).toEqual([
      [{ signatureHash: 'hash-a', diffHash: patchDiffHash(breaking.diff) }],
      [{ signatureHash: 'hash-a', diffHash: patchDiffHash(breaking.diff) }],
    ]);
    expect(f.workspace.calls.filter((c) => c.startsWith('apply '))).toEqual([`apply ${breaking.id}`]);
    expect(result.iterations.map((i) => i.patches.length)).toEqual([1, 0, 0]);
    expect(result).toMatchObject({ outcome: 'escalated', stopCause: 'all_candidates_rejected', fixesApplied: 0 });
    expect(result.escalation?.reason).toBe('regression');
    expect(result.escalation?.last_patch_diff).toBe(breaking.diff);
    expect(result.stopReason).toMatch(
      new RegExp(
        `every candidate tried for the 1 remaining root cause was rejected .*; the last candidate for .* ` +
          `\\(${breaking.id}\\) was rolled back`,
      ),
    );
  });

  it('fewer passes also counts as a regression', async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 'pass', c: 'pass' }), smokeResult({ a: 'pass', b: 'blocked', c: 'blocked' })],
      repairs: [repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopReason).toMatch(/broke passing scenarios/);
  });

  it('not confirmed by the rerun (flaky): kept, the flaky scenario listed', async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass', c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 'pass' }),
      ],
      repairs: [repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('passed');
    expect(result.iterations[0]).toMatchObject({ kept: true, flaky: ['b'] });
    expect(f.workspace.checkpoint()).toBe(1);
  });

  it('without confirmRegressions a single bad run rolls back', async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 'pass' }),
        smokeResult({ a: 'pass', b: 500 }),
        smokeResult({ a: 'pass', b: 'pass' }),
      ],
      repairs: [repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings({ confirmRegressions: false })).run();
    expect(result.escalation?.reason).toBe('regression');
    expect(f.smokeRequests).toHaveLength(2);
  });

  it('a regression in iteration 2 goes back to the end of iteration 1, not further', async () => {
    const f = fakeDeps({
      smokes: [
        smokeResult({ a: 500, b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass' }),
        smokeResult({ a: 'pass', b: 'pass', c: 500 }),
        smokeResult({ a: 'pass', b: 'pass', c: 500 }),
      ],
      repairs: [repairResult([patchFor('a')]), repairResult([patchFor('b')])],
    });
    const result = await createRepairLoop(f.deps, settings({ targetPassRate: 1 })).run();
    expect(result.escalation?.reason).toBe('regression');
    expect(f.workspace.files.get('app/a.py')).toMatch(/^fixed by p-a-/);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(result.fixesApplied).toBe(1);
    expect(result.patchFile).toBe('/artifacts/accepted.patch');
  });
});

describe('learning', () => {
  it('records fixed, not_fixed and regressed outcomes and counts promotions', async () => {
    const store = createMemoryPatternStore();
    const f = fakeDeps({
      store,
      smokes: [
        smokeResult({ a: 500, b: 500, c: 'pass', d: 500 }),
        // round 1 (a, d): a passes, d still fails the same way → d rejected, a re-applied alone
        smokeResult({ a: 'pass', b: 500, c: 'pass', d: 500 }),
        smokeResult({ a: 'pass', b: 500, c: 'pass', d: 500 }),
        // round 2 (b): c breaks, confirmed by the rerun → regression: b's candidate rejected
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 500 }),
        smokeResult({ a: 'pass', b: 'pass', c: 500, d: 500 }),
      ],
      repairs: [repairResult([patchFor('a'), patchFor('d')]), repairResult([patchFor('b')])],
    });
    const result = await createRepairLoop(
      f.deps,
      settings({ targetPassRate: 1 }, { minTrials: 1, minSuccessRate: 0.7 }),
    ).run();
    const stats = await store.stats();
    expect(stats.attempts).toBe(3);
    expect(stats.outcomes).toEqual({ fixed: 1, not_fixed: 1, regressed: 1 });
    expect(result.patternsPromoted).toBe(1);
    // round 3: the same candidate for b again is not tried: nothing left, the run ends there.
    expect(result.iterations.map((i) => i.patches.map((p) => p.outcome))).toEqual([
      ['fixed', 'rejected'],
      ['rolled_back'],
      [],
    ]);
    expect(result.escalation?.reason).toBe('regression');
    expect(result.fixesApplied).toBe(1);
    // The rejected candidate is handed back to the repair agent, so it is never proposed again.
    expect(f.repairContexts[1]?.rejected).toEqual([
      expect.objectContaining({ signatureHash: patchFor('d').signature.hash }),
    ]);
    expect(f.events.filter((e) => e.type === 'learning')).toHaveLength(3);
  });

  it('a failing store is a warning, not a failed run', async () => {
    const store = createMemoryPatternStore();
    store.recordAttempt = () => Promise.reject(new Error('store down'));
    const f = fakeDeps({
      store,
      smokes: [smokeResult({ a: 500 }), smokeResult({ a: 'pass' })],
      repairs: [repairResult([patchFor('a')])],
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('passed');
    expect(f.events).toContainEqual({ type: 'warning', detail: 'learning was not recorded: store down' });
  });
});

describe('escalation bundle', () => {
  it('seed 004 field order; failures, repro commands (smoke command and curls), artifacts', async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 404, c: 'pass' })],
      repairs: [repairResult([], { rootCauses: ['a', 'b'] })],
      requirements: 'fastapi==0.115.0\n',
      listener: 'LISTEN 0 2048 127.0.0.1:8790 0.0.0.0:* users:(("python",pid=1,fd=7))',
      freshness: { meta: '{"git_sha":"abc","started_at":"now"}', ss: 'stale line' } as never,
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    const bundle = result.escalation!;
    expect(Object.keys(bundle)).toEqual([
      'reason',
      'failures',
      'repro_commands',
      'last_patch_diff',
      'artifacts',
      'exec_rpc_freshness',
    ]);
    expect(Object.keys(bundle.exec_rpc_freshness)).toEqual(['meta', 'ss']);
    expect(bundle.failures).toEqual([
      { nodeid: 'GET /a', signature: 'HTTPError@app/a.py:1 handler: boom in a', attempts: 1 },
      { nodeid: 'GET /b', signature: 'HTTPError@app/b.py:1 handler: boom in b', attempts: 1 },
    ]);
    for (const failure of bundle.failures) expect(Object.keys(failure)).toEqual(['nodeid', 'signature', 'attempts']);
    expect(bundle.repro_commands).toEqual([
      'smoke-repair smoke --config /app/smoke-repair.config.json',
      "curl -sS -X GET 'http://127.0.0.1:9/a'",
      "curl -sS -X GET 'http://127.0.0.1:9/b'",
    ]);
    expect(bundle.last_patch_diff).toBeNull();
    expect(bundle.artifacts).toEqual([
      '/artifacts/smoke.html',
      '/artifacts/smoke.xml',
      '/artifacts/requirements.snapshot.txt',
    ]);
    expect(bundle.exec_rpc_freshness).toEqual({
      meta: '{"git_sha":"abc","started_at":"now"}',
      ss: 'LISTEN 0 2048 127.0.0.1:8790 0.0.0.0:* users:(("python",pid=1,fd=7))',
    });
    expect(f.artifacts.get('requirements.snapshot.txt')).toBe('fastapi==0.115.0\n');
    expect(JSON.parse(f.artifacts.get('escalation.json')!)).toEqual(bundle);
    expect(Object.keys(JSON.parse(f.artifacts.get('escalation.json')!))).toEqual(Object.keys(bundle));
  });

  it('null wherever a value could not be collected', async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500 })],
      repairs: [repairResult([], { rootCauses: ['a'] })],
      reports: null,
      freshness: null,
      requirements: null,
      listener: null,
    });
    const bundle = (await createRepairLoop(f.deps, settings()).run()).escalation!;
    expect(bundle.artifacts).toEqual([null, null, null]);
    expect(bundle.exec_rpc_freshness).toEqual({ meta: null, ss: null });
    expect(bundle.last_patch_diff).toBeNull();
  });

  it(`meta and ss come from the service as it is at escalation time (restarted if a crash left it down), before the \
last smoke's freshness`, async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500 })],
      repairs: [repairResult([], { rootCauses: ['a'] })],
      freshness: { meta: null, ss: null } as never,
      listener: null,
      snapshot: { meta: '{"git_sha":"def"}', ss: 'LISTEN 0 511 127.0.0.1:9 0.0.0.0:* users:(("node",pid=2,fd=20))' },
    });
    const bundle = (await createRepairLoop(f.deps, settings()).run()).escalation!;
    expect(bundle.exec_rpc_freshness).toEqual({
      meta: '{"git_sha":"def"}',
      ss: 'LISTEN 0 511 127.0.0.1:9 0.0.0.0:* users:(("node",pid=2,fd=20))',
    });
  });

  it('without port listener the freshness report supplies ss', async () => {
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500 })],
      repairs: [repairResult([], { rootCauses: ['a'] })],
      freshness: { meta: null, ss: 'from freshness' } as never,
    });
    const bundle = (await createRepairLoop(f.deps, settings()).run()).escalation!;
    expect(bundle.exec_rpc_freshness).toEqual({ meta: null, ss: 'from freshness' });
  });
});
