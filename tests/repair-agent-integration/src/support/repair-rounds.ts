/**
 * Repair rounds as the loop runs them — smoke, repair with the contract the smoke ran against,
 * `git apply`, again — and the lines a patch adds; shared by the Express and Python fixture tests.
 */
import {
  createRecipeStrategy,
  repairFromSmokeViolations,
  type RepairPatch,
  type RepairResult,
} from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { applyPatches } from '../apps.js';

/** Smoke and repair until nothing fails, nothing is proposed, or `maxRounds`; then the final smoke. */
export async function repairInRounds(
  dir: string,
  smoke: (round: number) => Promise<SmokeRun>,
  maxRounds = 4,
  options: { python?: string } = {},
): Promise<{ rounds: { run: SmokeRun; result: RepairResult }[]; final: SmokeRun }> {
  const rounds: { run: SmokeRun; result: RepairResult }[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const run = await smoke(round);
    if (run.result.violations.length === 0) return { rounds, final: run };
    const result = await repairFromSmokeViolations(run.result.violations, {
      appRoot: dir,
      strategies: [createRecipeStrategy()],
      contract: run.api,
      ...(options.python ? { python: options.python } : {}),
    });
    rounds.push({ run, result });
    applyPatches(dir, result.patches);
    if (result.patches.length === 0) break;
  }
  return { rounds, final: await smoke(9) };
}

/** The lines a patch adds, without the `+`. */
export function addedLines(patch: RepairPatch | undefined): string[] {
  return (patch?.diff ?? '')
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));
}
