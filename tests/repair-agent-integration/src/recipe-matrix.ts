/**
 * One suite per app: start a scratch copy, call every broken endpoint, build the violations
 * from the real responses and server log, repair with the built-in recipes, `git apply` the
 * patches, restart, and check each endpoint now answers its documented status — per recipe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairResult } from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp, prepare, startApp, violationOf, VENV_PYTHON, type AppSpec, type Call } from './apps.js';

/** A recipe and the calls it must fix on one app. */
export interface RecipeCase {
  readonly recipe: string;
  readonly calls: readonly Call[];
  /** Lines the patch must add (`+…` in its diff), when the shape of the fix matters. */
  readonly adds?: readonly string[];
}

/** Declares the suite of one app. */
export function recipeMatrix(app: AppSpec, cases: readonly RecipeCase[]): void {
  describe(`built-in recipes on ${app.name} (${app.language})`, () => {
    let cleanup: (() => void) | undefined;
    const before = new Map<string, Violation | null>();
    const after = new Map<string, number>();
    let result: RepairResult;

    beforeAll(async () => {
      prepare(app);
      const copy = copyApp(app);
      cleanup = copy.cleanup;
      const baseline = await startApp(app, copy.dir);
      try {
        for (const call of cases.flatMap((c) => c.calls))
          before.set(call.endpoint, await violationOf(baseline, call, copy.dir));
      } finally {
        await baseline.stop();
      }
      const violations = [...before.values()].filter((v): v is Violation => v !== null);
      result = await repairFromSmokeViolations(violations, {
        appRoot: copy.dir,
        python: VENV_PYTHON,
        strategies: [createRecipeStrategy()],
      });
      applyPatches(copy.dir, result.patches);
      const fixed = await startApp(app, copy.dir);
      try {
        for (const call of cases.flatMap((c) => c.calls))
          after.set(call.endpoint, (await fixed.request(call.endpoint.split(' ')[0]!, call.path, call.body)).status);
      } finally {
        await fixed.stop();
      }
    });

    afterAll(() => cleanup?.());

    it.each(cases.map((c) => [c.recipe, c] as const))('%s', (_id, c) => {
      for (const call of c.calls) {
        expect(before.get(call.endpoint), `${call.endpoint} is broken before the repair`).not.toBeNull();
        const patch = result.patches.find((p) => p.endpoints.includes(call.endpoint));
        const attempts = result.attempts.map((a) => `${a.signature}: ${a.outcome} ${a.detail}`).join('\n');
        // A template's candidates are keyed `<id>#<variant>`: the matrix names the template.
        expect(patch?.recipeId?.split('#')[0], `${call.endpoint} patched by ${c.recipe}\n${attempts}`).toBe(c.recipe);
        expect(after.get(call.endpoint), `${call.endpoint} after the patch:\n${patch?.diff}`).toBe(call.expected);
        for (const line of c.adds ?? []) expect(patch?.diff.split('\n')).toContain(`+${line}`);
      }
    });

    it('produces one patch per root cause, each within policy', () => {
      expect(result.patches.length).toBe(result.rootCauses.length);
      for (const patch of result.patches) {
        expect(patch.files.length).toBeLessThanOrEqual(5);
        expect(patch.changedLines).toBeLessThanOrEqual(200);
      }
    });
  });
}
