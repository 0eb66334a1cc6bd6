/**
 * The loop's verdicts on real candidates from the built-in recipes, on a real app (fixtures/
 * chain-app): a fix that uncovers the next bug further on is kept; a first candidate that is
 * wrong (the request then fails at the same line) is rolled back and the next one kept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema, type LoopResult } from '@smoke-repair/loop-controller';
import { chainAppCopy, type AppCopy } from './support/apps.js';
import { killLeftovers, runCli } from './support/processes.js';

const base = mkdtempSync(join(tmpdir(), 'loop-candidates-'));
let app: AppCopy;
let result: LoopResult;
let stderr: string;

beforeAll(async () => {
  app = await chainAppCopy(base, 'chain');
  const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
  stderr = run.stderr;
  result = loopResultSchema.parse(JSON.parse(run.stdout));
}, 240_000);

afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

const candidatesOf = (exception: RegExp) =>
  result.rootCauses?.find((c) => exception.test(c.signature))?.candidates ?? [];

describe('candidates judged on their own root cause (real app, built-in recipes)', () => {
  it(`a fix that uncovers the next bug further on is kept (fails-later), and the next bug is its own root \
cause`, () => {
    const routes = readFileSync(join(app.dir, 'routes.py'), 'utf8');
    expect(routes).toMatch(/^from helpers import (load_orders, fmt_money|fmt_money, load_orders)$/m);
    const importFix = candidatesOf(/^NameError@routes\.py:8 report/);
    expect(importFix, stderr).toEqual([
      expect.objectContaining({ recipeId: 'python.missing-import', verdict: 'accepted', rule: 'fails-later' }),
    ]);
    expect(importFix[0]!.reason).toMatch(/ZeroDivisionError/);
  });

  it('a wrong first candidate is rolled back and the right one kept', () => {
    const routes = readFileSync(join(app.dir, 'routes.py'), 'utf8');
    expect(routes).toContain('return 200, {"prices": prices_list, "count": len(prices_list)}');
    expect(routes).not.toMatch(/import .*price_list\b/);
    const verdicts = candidatesOf(/^NameError@routes\.py:16 prices/).map((c) => [c.recipeId, c.verdict, c.rule]);
    expect(verdicts, stderr).toEqual([
      ['python.missing-import', 'rejected', 'fails-at-same-line'],
      [expect.stringMatching(/^python\./), 'accepted', 'passes'],
    ]);
  });

  it('nothing rejected is kept or counted: fixes applied = accepted candidates', () => {
    const accepted = (result.rootCauses ?? [])
      .flatMap((c) => c.candidates)
      .filter((c) => c.verdict === 'accepted').length;
    expect(result.fixesApplied).toBe(accepted);
    const written = readFileSync(result.patchFile!, 'utf8');
    expect(written).not.toMatch(/^\+.*import.*price_list\b/m);
  });
});
