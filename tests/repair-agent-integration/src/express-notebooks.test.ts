import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairPatch, type RepairResult } from '@smoke-repair/repair-agent';
import { parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp, freePort } from './apps.js';

// An Express 4 app in CommonJS with a routes/index.js aggregator served at the root, controllers,
// services and an asyncHandler (fixtures/express-notebooks): the real smoke, the real traces, the
// Node templates and recipes, `git apply`, and the smoke again, at most four rounds. Planted: a
// handler reading an undeclared route parameter (its own 404) grouped with the 404 of a router the
// aggregator requires but never mounts; a service function called by a synonym; a lookup by a
// snake_case key the records never have; a Node built-in used without its require.
const fixture = { name: 'express-notebooks', language: 'node', source: join(import.meta.dirname, '..', 'fixtures', 'express-notebooks') } as const;

async function smoke(dir: string, round: number): Promise<SmokeRun> {
  const port = await freePort();
  return runSmoke(
    parseSmokeConfig(
      {
        app: { root: dir, runner: { kind: 'process', command: [process.execPath, join(dir, 'src', 'server.js'), String(port)], port, readiness: { path: '/health' }, logFile: join(dir, '.smoke', `server-${round}.log`) } },
        smoke: { openapi: join(dir, 'openapi.json'), concurrency: 1 },
        artifactsDir: join(dir, '.smoke', `artifacts-${round}`),
      },
      join(dir, 'smoke-repair.config.json'),
    ),
  );
}

function addedLines(patch: RepairPatch | undefined): string[] {
  return (patch?.diff ?? '').split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
}

describe('Node templates on express-notebooks: each planted bug repaired where it is', () => {
  let dir: string;
  let cleanup: () => void;
  const rounds: { run: SmokeRun; result: RepairResult }[] = [];
  let final: SmokeRun;

  beforeAll(async () => {
    execFileSync('bash', [join(fixture.source, 'scripts', 'setup-deps.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    ({ dir, cleanup } = copyApp(fixture));
    for (let round = 0; round < 4; round++) {
      const run = await smoke(dir, round);
      if (run.result.violations.length === 0) {
        final = run;
        return;
      }
      const result = await repairFromSmokeViolations(run.result.violations, { appRoot: dir, strategies: [createRecipeStrategy()], contract: run.api });
      rounds.push({ run, result });
      applyPatches(dir, result.patches);
      if (result.patches.length === 0) break;
    }
    final = await smoke(dir, 9);
  });

  afterAll(() => cleanup?.());

  const patchOf = (recipe: string) => rounds.flatMap((r) => r.result.patches).find((p) => p.recipeId === recipe);
  const attempts = () => rounds.flatMap((r, i) => r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.detail}`)).join('\n');

  it('groups the handler’s own 404 with the unmounted router’s, and repairs both in one patch', () => {
    const first = rounds[0]!.run.result.violations.filter((v) => v.actualStatus === 404).map((v) => v.endpoint);
    expect(first.sort()).toEqual(['GET /notebooks/{notebookId}', 'GET /notebooks/{notebookId}/labels']);
    expect(rounds[0]!.result.attempts.some((a) => a.recipeId === 'node.unmounted-router')).toBe(false);
    expect(addedLines(patchOf('node.route-param-name#mount')), attempts()).toEqual([
      '  const notebook = await notebookService.getNotebook(Number(req.params.notebookId));',
      "router.use('/notebooks', labelsRouter);",
    ]);
  });

  it('repairs each other planted bug with the expected line', () => {
    const expected: Record<string, string[]> = {
      'node.property-typo': ['  await noteService.deleteNote(Number(req.params.noteId));'],
      'node.lookup-key-name': ["  const notebook = await store.findById('notebooks', note.notebookId);"],
      'node.missing-import': ["const { randomUUID } = require('crypto');"],
    };
    for (const [recipe, lines] of Object.entries(expected)) expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
  });

  it('ends with every operation answering its documented status', () => {
    expect(final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus}`), attempts()).toEqual([]);
  });
});
