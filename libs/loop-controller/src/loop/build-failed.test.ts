import { describe, expect, it } from 'vitest';
import { LoopError } from '../errors.js';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';

// What `app.build` throws when the patched code does not compile (adapters/build-command.ts).
const typeError = (file: string) =>
  new LoopError(
    'SMOKE_LOOP_BUILD_FAILED',
    `app.build \`npm run build\` exited with 2:\n${file}(7,5): error TS2339: Property 'findByID' does not exist on ` +
      `type 'Repo'.`,
  );

describe('a candidate whose code does not build', () => {
  it(`is rejected with the compiler message (build-failed), rolled back, rebuilt; the loop goes on to the next \
candidate`, async () => {
    const bad = patchFor('a', { files: ['src/a.ts'] });
    const good = patchFor('a', { files: ['src/a.ts'] });
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 'pass' }), smokeResult({ a: 'pass', b: 'pass' })],
      repairs: [repairResult([bad]), repairResult([good])],
      onRestart: (call) => {
        if (call === 1) throw typeError('src/a.ts');
      },
    });
    const result = await createRepairLoop(f.deps, settings({ targetPassRate: 1 })).run();
    expect(result.outcome).toBe('passed');
    expect(result.iterations[0]).toMatchObject({
      kept: false,
      patches: [{ id: bad.id, outcome: 'rejected', rule: 'build-failed' }],
    });
    expect(result.iterations[0]!.patches[0]!.reason).toMatch(
      /^the build failed: app\.build `npm run build` exited with 2:\nsrc\/a\.ts\(7,5\): error TS2339/,
    );
    expect(f.workspace.files.get('src/a.ts')).toBe(`fixed by ${good.id}`);
    // the failed build, the rebuild of the rolled-back tree, the good candidate
    expect(f.restarts).toBe(3);
    // never proposed again
    expect(f.repairContexts[1]?.rejected).toContainEqual(
      expect.objectContaining({ signatureHash: bad.signature.hash }),
    );
  });

  it('in a round of several, only the patch whose file the compiler names is rejected', async () => {
    const bad = patchFor('a', { files: ['src/a.ts'] });
    const other = patchFor('b', { files: ['src/b.ts'] });
    const f = fakeDeps({
      smokes: [smokeResult({ a: 500, b: 500 }), smokeResult({ a: 500, b: 'pass' })],
      repairs: [repairResult([bad, other]), repairResult([other])],
      onRestart: (call) => {
        if (call === 1) throw typeError('src/a.ts');
      },
    });
    const result = await createRepairLoop(f.deps, settings({ maxIterations: 2 })).run();
    expect(result.iterations[0]?.patches).toMatchObject([
      { id: bad.id, outcome: 'rejected', rule: 'build-failed' },
      { id: other.id, outcome: 'rolled_back' },
    ]);
    expect(result.iterations[1]).toMatchObject({ kept: true, patches: [{ id: other.id, outcome: 'fixed' }] });
  });
});
