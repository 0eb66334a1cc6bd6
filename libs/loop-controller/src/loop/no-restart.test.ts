import { describe, expect, it } from 'vitest';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';

describe('a single candidate the app does not restart on', () => {
  it('is rejected, never proposed again, and the loop goes on to the next candidate', async () => {
    const broken = patchFor('a');
    const right = patchFor('a');
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 'pass' }), smokeResult({ a: 'pass', b: 'pass' })],
      repairs: [repairResult([broken]), repairResult([right])],
      // 1: the tree holding the broken candidate (a syntax error); every later start is fine
      onRestart: (call) => {
        if (call === 1) throw new Error('SyntaxError in app/a.py');
      },
    });
    const result = await createRepairLoop(f.deps, settings()).run();
    expect(result.outcome).toBe('passed');
    expect(f.workspace.files.get('app/a.py')).toBe(`fixed by ${right.id}`);
    expect(result.iterations[0]).toMatchObject({
      kept: false,
      patches: [{ id: broken.id, outcome: 'rejected', rule: 'no-restart' }],
    });
    expect(result.rootCauses?.[0]?.candidates).toEqual([
      expect.objectContaining({
        verdict: 'rejected',
        rule: 'no-restart',
        reason: expect.stringMatching(/SyntaxError in app\/a\.py/),
      }),
      expect.objectContaining({ verdict: 'accepted', rule: 'passes' }),
    ]);
    // The second round's repair is told the broken candidate was rejected.
    expect(f.repairContexts[1]?.rejected).toEqual([expect.objectContaining({ signatureHash: broken.signature.hash })]);
  });
});
