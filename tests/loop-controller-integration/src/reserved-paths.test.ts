/**
 * The tool's own config is protected for every strategy: an agent command that rewrites the
 * runner's command in smoke-repair.config.json is rejected, the config stays byte-identical and
 * the rewritten command never runs (not in the loop, not in the next smoke).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { tinyAppCopy } from './support/apps.js';
import { killLeftovers, runCli } from './support/processes.js';
import { exists, snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-reserved-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe("the tool's own config", () => {
  it('an agent that rewrites the runner command: rejected, config byte-identical, the command never ran', async () => {
    const app = await tinyAppCopy(base, 'config', { agent: 'rewrite-config.py' });
    const marker = join(base, 'config', 'pwned');
    const config = readFileSync(app.config);
    const before = snapshotTree(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir, env: { SMOKE_TEST_MARKER: marker } }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('escalated');
    const rejection = result.iterations[0]?.rejected[0];
    expect(rejection?.reason).toMatch(
      /smoke-repair\.config\.json is smoke-repair's own config \(smoke-repair\.config\.json\): no patch may change it/,
    );
    expect(readFileSync(app.config)).toEqual(config);
    expect(snapshotTree(app.dir)).toEqual(before);
    // The next smoke reads the config again: still the user's command.
    const smoke = await runCli(['--config', app.config], { cwd: app.dir, command: 'smoke' }).done;
    expect(smoke.code, smoke.stderr).not.toBeNull();
    expect(exists(marker)).toBe(false);
  });
});
