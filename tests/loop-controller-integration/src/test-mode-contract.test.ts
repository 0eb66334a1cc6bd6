/**
 * Test-command mode on a real FastAPI app with its own pytest suite: no app is served, yet the
 * templates that follow the contract get it (the app's own `app.openapi()`) and the failing
 * test's operation (the route handler its traceback ran through), so a lookup miss the contract
 * documents as 404 is repaired in the handler, and the suite passes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema, type LoopResult } from '@smoke-repair/loop-controller';
import { ensureDemoShopVenv, pytestApiCopy, type AppCopy } from './support/apps.js';
import { killLeftovers, runCli } from './support/processes.js';

const base = mkdtempSync(join(tmpdir(), 'loop-test-mode-'));
let app: AppCopy;
let result: LoopResult;
let stderr: string;

beforeAll(async () => {
  ensureDemoShopVenv();
  app = pytestApiCopy(base, 'pytest');
  const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
  stderr = run.stderr;
  result = loopResultSchema.parse(JSON.parse(run.stdout));
}, 300_000);

afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('test-command mode: the contract reaches the templates', () => {
  it('repairs the missing-item test with the documented 404, found through the route handler', () => {
    expect(stderr).not.toMatch(/no contract for the templates/);
    const cause = result.rootCauses?.find(
      (c) => /test_get_missing_item/.test(c.signature) || c.endpoints.includes('GET /items/{item_id}'),
    );
    expect(cause?.endpoints, stderr).toEqual(['GET /items/{item_id}']);
    expect(cause?.candidates, stderr).toEqual([
      expect.objectContaining({
        recipeId: expect.stringMatching(/^python\.none-deref/),
        verdict: 'accepted',
        rule: 'passes',
      }),
    ]);
    expect(readFileSync(join(app.dir, 'app', 'main.py'), 'utf8')).toMatch(
      /if item is None:\n\s+raise HTTPException\(status_code=404/,
    );
    expect(result.outcome, stderr).toBe('passed');
  });
});
