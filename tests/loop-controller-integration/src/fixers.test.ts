/**
 * Agent commands that crash or hang (in a folder that is not a git repository): the loop stops
 * with `retry budget`, kills what the agent left running, and the user's files are untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escalationBundleSchema, loopResultSchema } from '@smoke-repair/loop-controller';
import { tinyAppCopy } from './support/apps.js';
import { killLeftovers, portOpen, processesUnder, runCli, waitFor } from './support/processes.js';
import { exists, snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-fixers-'));
afterAll(async () => {
  // Nothing may start late either (an app launched by a run that already ended).
  await new Promise((r) => setTimeout(r, 1_000));
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('a fixer that fails', () => {
  it(`crashes (exit 1): retry budget, the crash in the iteration record, tree intact, nothing left \
running`, async () => {
    const app = await tinyAppCopy(base, 'crash', { agent: 'crash.sh' });
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('escalated');
    expect(result.escalation?.reason).toBe('retry budget');
    expect(result.iterations[0]?.rejected[0]?.reason).toMatch(
      /crash\.sh exited with 1: agent: segfault in the model runtime/,
    );
    expect(run.stderr).toMatch(/failed command: .*crash\.sh exited with 1/);
    escalationBundleSchema.parse(result.escalation);
    expect(snapshotTree(app.dir)).toEqual(before);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });

  it('hangs: killed at its timeout with its children, retry budget, tree intact, nothing left running', async () => {
    const app = await tinyAppCopy(base, 'hang', { agent: 'hang.sh', agentTimeoutMs: 1_500 });
    const before = snapshotTree(app.dir);
    const started = Date.now();
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.escalation?.reason).toBe('retry budget');
    expect(result.iterations[0]?.rejected[0]?.reason).toMatch(
      /did not finish within 1500 ms; its process group was killed/,
    );
    expect(snapshotTree(app.dir)).toEqual(before);
    // hang.sh's `sleep 1000` children ran in the agent's scratch folder (a temp dir): none is left.
    expect(await waitFor(() => !hangingSleeps())).toBe(true);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
    expect(exists(join(app.artifacts, 'escalation.json'))).toBe(true);
  });
});

function hangingSleeps(): boolean {
  return processesUnder('/').some((p) => / sleep 1000 $/.test(p) && /smoke-repair-command-/.test(p));
}
