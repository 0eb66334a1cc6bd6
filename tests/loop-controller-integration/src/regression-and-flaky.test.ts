/**
 * A patch that breaks a passing endpoint (rolled back and rejected; nothing else to try, so the
 * run ends with reason `regression`), a flaky endpoint
 * (a failure the rerun does not confirm: kept, listed as flaky), and an app that dies in the
 * middle of a smoke run. Real processes, a folder that is not a git repository.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escalationBundleSchema, loopResultSchema } from '@smoke-repair/loop-controller';
import { tinyAppCopy } from './support/apps.js';
import { killLeftovers, portOpen, processesUnder, runCli } from './support/processes.js';
import { snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-regression-'));
afterAll(async () => {
  // Nothing may start late either (an app launched by a run that already ended).
  await new Promise((r) => setTimeout(r, 1_000));
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('verification', () => {
  it(`a patch that fixes /items and breaks /stock: rolled back and rejected, the loop goes on; with no other \
candidate it ends on regression, files byte-identical, the patch in the bundle`, async () => {
    const app = await tinyAppCopy(base, 'regression', { agent: 'fix-and-break.py' });
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('regression');
    expect(result.stopReason).toMatch(
      /the last candidate for .* \(p1-[0-9a-f]+\) was rolled back: iteration 1 broke stock$/,
    );
    expect(result.iterations[0]).toMatchObject({
      kept: false,
      flaky: [],
      patches: [{ strategy: 'command', files: ['routes.py'], outcome: 'rolled_back', rule: 'broke-passing' }],
    });
    // The agent answered the same diff on its later attempts: never tried again.
    expect(result.iterations.slice(1).map((i) => i.patches)).toEqual([[], []]);
    expect(result.rootCauses?.flatMap((c) => c.candidates.map((k) => [k.verdict, k.rule]))).toEqual([
      ['regressed', 'broke-passing'],
    ]);
    expect(snapshotTree(app.dir)).toEqual(before);
    const diff = result.escalation!.last_patch_diff!;
    expect(diff).toMatch(/^diff --git a\/routes\.py b\/routes\.py\n--- a\/routes\.py\n\+\+\+ b\/routes\.py\n/);
    // A real unified diff that applies to the (restored) user's files.
    execFileSync('git', ['apply', '--check', '-'], { cwd: app.dir, input: diff, stdio: ['pipe', 'pipe', 'pipe'] });
    expect(diff).toContain('+    return 200, {"in_stock": 3 / 0}');
    expect(diff).toContain('+    return 200, {"items": rows, "total": len(rows)}');
    // The rerun confirmed it (two smokes after the patch), then the app went back to the old code.
    expect(run.stderr).toMatch(/smoke \(rerun\)/);
    expect(run.stderr).toMatch(/rolled back p1-[0-9a-f]+: regression: stock/);
    expect(result.patchFile).toBeNull();
    expect(escalationBundleSchema.parse(result.escalation)).toEqual(result.escalation);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });

  it(`a flaky endpoint (fails every other call, across restarts): not a regression, kept, listed as \
flaky`, async () => {
    const state = join(base, 'flaky-calls.txt');
    writeFileSync(state, '0');
    const scenarios = {
      mode: 'replace',
      scenarios: ['items', 'stock', 'prices', 'flaky'].map((id) => ({
        id,
        request: { method: 'GET', path: `/${id}` },
        expect: { status: 200 },
      })),
    };
    const app = await tinyAppCopy(base, 'flaky', {
      agent: 'fix.py',
      env: { TINY_FLAKY_STATE: state },
      scenarios: 'flaky-scenarios.json',
    });
    writeFileSync(join(app.dir, 'flaky-scenarios.json'), JSON.stringify(scenarios));
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(0);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    // Baseline: call 1 passes; after the patch: call 2 fails, the rerun's call 3 passes.
    expect(readFileSync(state, 'utf8')).toBe('3');
    expect(result.outcome).toBe('passed');
    expect(result.escalation).toBeUndefined();
    expect(result.iterations[0]).toMatchObject({ kept: true, flaky: ['flaky'], patches: [{ outcome: 'fixed' }] });
    expect(result.final).toMatchObject({ passRate: 1, serverErrors: 0 });
    // The fix is kept: routes.py changed, nothing else did.
    const after = snapshotTree(app.dir);
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual(['routes.py']);
    expect(readFileSync(join(app.dir, 'routes.py'), 'utf8')).toContain('"total": len(rows)}');
    expect(readFileSync(result.patchFile!, 'utf8')).toContain('+    return 200, {"items": rows, "total": len(rows)}');
    expect(processesUnder(base)).toEqual([]);
  });
});

describe('an app that dies mid-smoke', () => {
  it('exits on GET /stock during the baseline: a clear outcome, tree intact, nothing left running', async () => {
    const app = await tinyAppCopy(base, 'dies', { agent: 'noop.sh', env: { TINY_DIE_ON: '/stock' } });
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.stderr).not.toMatch(/\n\s+at .*\(.*\.js:\d+:\d+\)/);
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('retry budget');
    // /stock killed the app: one crash; the app was restarted and /prices ran (and passed).
    const kinds = Object.fromEntries(
      JSON.parse(readFileSync(join(app.artifacts, 'baseline', 'smoke.json'), 'utf8')).violations.map(
        (v: { scenarioId: string; kind: string }) => [v.scenarioId, v.kind],
      ),
    );
    expect(kinds).toEqual({ items: 'server_error', stock: 'crash' });
    expect(result.escalation?.failures.map((f) => f.nodeid)).toEqual(['GET /items', 'GET /stock']);
    expect(snapshotTree(app.dir)).toEqual(before);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });

  it(`a patch makes the app die on GET /stock during the re-smoke: rolled back and rejected, restarted on the old \
code, regression`, async () => {
    const app = await tinyAppCopy(base, 'killed-by-patch', { agent: 'fix-and-kill.py' });
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.escalation?.reason).toBe('regression');
    // /items fixed, /stock now kills the app (restarted, /prices still passes): 2 passes, /stock regressed.
    expect(result.iterations[0]?.smoke).toMatchObject({ scenariosPassed: 2 });
    expect(snapshotTree(app.dir)).toEqual(before);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });
});
