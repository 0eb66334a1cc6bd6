import { describe, expect, it } from 'vitest';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import { createRepairLoop } from '../run-repair-loop.js';
import {
  createMemoryWorkspace,
  fakeDeps,
  patchFor,
  repairResult,
  settings,
  smokeResult,
  type MemoryWorkspace,
} from '../test-support/fakes.js';
import type { TrialLane, TrialLanes } from './loop-deps.js';

/**
 * Lanes over memory workspaces: a lane starts with the loop's tree as it is, and its smoke is
 * `outcome` of the patches it holds. Records how many were open at once.
 */
function fakeLanes(
  main: MemoryWorkspace,
  size: number,
  outcome: (patchIds: string[]) => SmokeResult,
  options: { restartFails?: (patchIds: string[]) => boolean } = {},
) {
  const seen = { opened: 0, closed: 0, open: 0, maxOpen: 0, smokes: [] as string[][] };
  const lanes: TrialLanes = {
    size,
    async open(): Promise<TrialLane> {
      seen.opened++;
      seen.open++;
      seen.maxOpen = Math.max(seen.maxOpen, seen.open);
      const workspace = createMemoryWorkspace(Object.fromEntries(main.files));
      const held = () =>
        [...workspace.files.values()].filter((v) => v.startsWith('fixed by ')).map((v) => v.slice('fixed by '.length));
      const id = seen.opened;
      return {
        id,
        workspace,
        async restart() {
          // Lanes run side by side: the other one gets to start before this one is done.
          await new Promise((resolve) => setImmediate(resolve));
          if (options.restartFails?.(held())) throw new Error('the app did not become ready on its port');
        },
        async smoke() {
          seen.smokes.push(held());
          return { result: outcome(held()), freshness: null, commands: [], reports: null };
        },
        async close() {
          seen.closed++;
          seen.open--;
        },
      };
    },
  };
  return { lanes, seen };
}

const baseline = smokeResult({ a: 500, b: 500, c: 500, d: 'pass' });
const round = smokeResult({ a: 'pass', b: 'pass', c: 'pass', d: 500 });

describe('regression isolation in lanes (loop.parallelism > 1)', () => {
  it(`each patch is tried alone, two at a time; the culprit is rolled back and rejected, the good ones are kept \
together in one trial`, async () => {
    const [good1, bad, good2] = [patchFor('a'), patchFor('b'), patchFor('c')];
    const f = fakeDeps({
      smokes: [baseline, round, round, smokeResult({ a: 'pass', b: 500, c: 'pass', d: 'pass' })],
      repairs: [repairResult([good1, bad, good2]), repairResult([], { rootCauses: ['b'] })],
    });
    const { lanes, seen } = fakeLanes(f.workspace, 2, (ids) =>
      smokeResult({
        a: ids.includes(good1.id) ? 'pass' : 500,
        b: ids.includes(bad.id) ? 'pass' : 500,
        c: ids.includes(good2.id) ? 'pass' : 500,
        d: ids.includes(bad.id) ? 500 : 'pass',
      }),
    );
    const result = await createRepairLoop({ ...f.deps, lanes }, settings()).run();
    expect(seen).toMatchObject({ opened: 3, closed: 3, maxOpen: 2 });
    // b's lane confirmed its regression with a rerun; the others smoked once.
    expect(seen.smokes).toHaveLength(4);
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${good1.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(f.workspace.files.get('app/c.py')).toBe(`fixed by ${good2.id}`);
    expect(result.fixesApplied).toBe(2);
    expect(f.events.findLast((e) => e.type === 'verdict' && e.iteration === 1)).toMatchObject({
      kept: true,
      detail: expect.stringMatching(
        new RegExp(`kept 2 of 3 patches and rolled back ${bad.id} \\(broke d on its own\\)`),
      ),
    });
    // The culprit is rejected and the loop goes on; with no other candidate for b it ends on that regression.
    expect(f.repairContexts[1]?.rejected).toEqual([expect.objectContaining({ signatureHash: bad.signature.hash })]);
    expect(result.escalation).toMatchObject({ reason: 'regression', last_patch_diff: bad.diff });
    expect(result.stopReason).toMatch(new RegExp(`\\(${bad.id}\\) was rolled back: broke d on its own$`));
    expect(result.iterations[0]!.patches.map((p) => p.outcome)).toEqual(['fixed', 'rolled_back', 'fixed']);
    // The main app: the baseline, the round, its rerun, then only the two good ones together.
    expect(f.smokeRequests).toHaveLength(4);
    const applied = f.events
      .filter((e) => e.type === 'patch-applied')
      .map((e) => (e.type === 'patch-applied' ? e.summary : ''));
    expect(applied.filter((s) => /^lane \d: /.test(s))).toHaveLength(3);
    expect(applied.filter((s) => s.startsWith('lanes: together: '))).toHaveLength(2);
    expect(f.events.some((e) => e.type === 'smoke' && e.lane !== undefined)).toBe(true);
  });

  it(`one patch passes alone: it is brought over with its lane’s smoke, no second smoke in the loop’s \
copy`, async () => {
    const [good, bad] = [patchFor('a'), patchFor('b')];
    const f = fakeDeps({
      smokes: [baseline, round, round],
      repairs: [repairResult([good, bad]), repairResult([], { rootCauses: ['b', 'c'] })],
    });
    const { lanes } = fakeLanes(f.workspace, 2, (ids) =>
      smokeResult({
        a: ids.includes(good.id) ? 'pass' : 500,
        b: ids.includes(bad.id) ? 'pass' : 500,
        c: 500,
        d: ids.includes(bad.id) ? 500 : 'pass',
      }),
    );
    const result = await createRepairLoop({ ...f.deps, lanes }, settings()).run();
    expect(f.smokeRequests).toHaveLength(3); // the baseline, the round, its rerun
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${good.id}`);
    expect(f.workspace.files.get('app/b.py')).toBe('original b');
    expect(result.final).toMatchObject({ serverErrors: 2 });
    expect(result.fixesApplied).toBe(1);
  });

  it('patches that pass alone but regress together are tried again one at a time in the loop’s own copy', async () => {
    const [a, c] = [patchFor('a'), patchFor('c')];
    const broken = smokeResult({ a: 'pass', b: 500, c: 'pass', d: 500 });
    const f = fakeDeps({
      smokes: [
        baseline,
        broken,
        broken,
        broken,
        broken,
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }),
        broken,
        broken,
      ],
      repairs: [repairResult([a, c]), repairResult([], { rootCauses: ['b', 'c'] })],
    });
    const { lanes, seen } = fakeLanes(f.workspace, 2, (ids) =>
      smokeResult({ a: ids.includes(a.id) ? 'pass' : 500, b: 500, c: ids.includes(c.id) ? 'pass' : 500, d: 'pass' }),
    );
    const result = await createRepairLoop({ ...f.deps, lanes }, settings()).run();
    expect(seen).toMatchObject({ opened: 2, closed: 2 });
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${a.id}`);
    expect(f.workspace.files.get('app/c.py')).toBe('original c');
    expect(result.fixesApplied).toBe(1);
    expect(f.events.findLast((e) => e.type === 'verdict' && e.iteration === 1)).toMatchObject({
      detail: expect.stringMatching(new RegExp(`rolled back ${c.id} \\(broke d\\)`)),
    });
    expect(result.rootCauses?.find((k) => k.signature === c.signature.key)?.candidates).toEqual([
      expect.objectContaining({ patchId: c.id, verdict: 'regressed', rule: 'broke-passing' }),
    ]);
  });

  it(`a lane whose app does not come up does not condemn its patch: it is tried again in the loop’s own \
copy`, async () => {
    const [a, c] = [patchFor('a'), patchFor('c')];
    const f = fakeDeps({
      smokes: [
        baseline,
        round,
        round,
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass', d: 'pass' }),
      ],
      repairs: [repairResult([a, c]), repairResult([])],
    });
    const { lanes } = fakeLanes(
      f.workspace,
      2,
      (ids) => smokeResult({ a: ids.includes(a.id) ? 'pass' : 500, b: 500, c: 500, d: 'pass' }),
      { restartFails: (ids) => ids.includes(c.id) },
    );
    const result = await createRepairLoop({ ...f.deps, lanes }, settings()).run();
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${a.id}`);
    expect(f.workspace.files.get('app/c.py')).toBe(`fixed by ${c.id}`);
    expect(result.fixesApplied).toBe(2);
  });

  it(`a lane that cannot be opened (no copy, no port): its patch is tried in the loop’s own copy, with a \
warning`, async () => {
    const [a, c] = [patchFor('a'), patchFor('c')];
    const f = fakeDeps({
      smokes: [
        baseline,
        round,
        round,
        smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }),
        smokeResult({ a: 'pass', b: 500, c: 'pass', d: 'pass' }),
      ],
      repairs: [repairResult([a, c]), repairResult([])],
    });
    const broken: TrialLanes = { size: 2, open: () => Promise.reject(new Error('ENOSPC: no space left on device')) };
    const result = await createRepairLoop({ ...f.deps, lanes: broken }, settings()).run();
    expect(result.fixesApplied).toBe(2);
    expect(f.events.filter((e) => e.type === 'warning' && /no lane for p-a-\w+: ENOSPC/.test(e.detail))).toHaveLength(
      1,
    );
  });

  it('lanes of size 1 change nothing: isolation runs one patch at a time as before', async () => {
    const f = fakeDeps({
      smokes: [baseline, round, round, smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' })],
      repairs: [repairResult([patchFor('a')]), repairResult([])],
    });
    const { lanes, seen } = fakeLanes(f.workspace, 1, () => baseline);
    await createRepairLoop({ ...f.deps, lanes }, settings()).run();
    expect(seen.opened).toBe(0);
  });
});
