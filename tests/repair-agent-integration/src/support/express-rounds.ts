/**
 * What the Express template tests share: a smoke of a fixture app copy on a free port, repair
 * rounds as the loop runs them (smoke, repair with the contract, `git apply`, again), and the
 * lines a patch adds.
 */
import { join } from 'node:path';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairPatch, type RepairResult } from '@smoke-repair/repair-agent';
import { parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { applyPatches, freePort } from '../apps.js';

/** One smoke of the Express app copied to `dir` (`src/server.js <port>`), its OpenAPI document and, when given, a scenario file. */
export async function smokeExpressApp(dir: string, round: number, options: { scenarios?: string } = {}): Promise<SmokeRun> {
  const port = await freePort();
  return runSmoke(
    parseSmokeConfig(
      {
        app: { root: dir, runner: { kind: 'process', command: [process.execPath, join(dir, 'src', 'server.js'), String(port)], port, readiness: { path: '/health' }, logFile: join(dir, '.smoke', `server-${round}.log`) } },
        smoke: { openapi: join(dir, 'openapi.json'), ...(options.scenarios ? { scenarios: join(dir, options.scenarios) } : {}), concurrency: 1 },
        artifactsDir: join(dir, '.smoke', `artifacts-${round}`),
      },
      join(dir, 'smoke-repair.config.json'),
    ),
  );
}

/** Smoke and repair until nothing fails, nothing is proposed, or `maxRounds`; then the final smoke. */
export async function repairInRounds(
  dir: string,
  smoke: (round: number) => Promise<SmokeRun>,
  maxRounds = 4,
): Promise<{ rounds: { run: SmokeRun; result: RepairResult }[]; final: SmokeRun }> {
  const rounds: { run: SmokeRun; result: RepairResult }[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const run = await smoke(round);
    if (run.result.violations.length === 0) return { rounds, final: run };
    const result = await repairFromSmokeViolations(run.result.violations, { appRoot: dir, strategies: [createRecipeStrategy()], contract: run.api });
    rounds.push({ run, result });
    applyPatches(dir, result.patches);
    if (result.patches.length === 0) break;
  }
  return { rounds, final: await smoke(9) };
}

/** The lines a patch adds, without the `+`. */
export function addedLines(patch: RepairPatch | undefined): string[] {
  return (patch?.diff ?? '').split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
}
