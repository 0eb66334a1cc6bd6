import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepairResult } from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { copyApp } from './apps.js';
import { addedLines, repairInRounds, smokeExpressApp } from './support/express-rounds.js';

// An Express 4 app in CommonJS with a routes/index.js aggregator served at the root, controllers,
// services and an asyncHandler (fixtures/express-notebooks): the real smoke, the real traces, the
// Node templates and recipes, `git apply`, and the smoke again, at most four rounds. Planted: a
// handler reading an undeclared route parameter (its own 404, told apart by its message) beside the
// 404 of a router the aggregator requires but never mounts; a service function called by a
// synonym; a lookup by a snake_case key the records never have; a Node built-in used without its
// require.
const fixture = {
  name: 'express-notebooks',
  language: 'node',
  source: join(import.meta.dirname, '..', 'fixtures', 'express-notebooks'),
} as const;

describe('Node templates on express-notebooks: each planted bug repaired where it is', () => {
  let dir: string;
  let cleanup: () => void;
  let rounds: { run: SmokeRun; result: RepairResult }[] = [];
  let final: SmokeRun;

  beforeAll(async () => {
    execFileSync('bash', [join(fixture.source, 'scripts', 'setup-deps.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
    ({ dir, cleanup } = copyApp(fixture));
    ({ rounds, final } = await repairInRounds(dir, (round) => smokeExpressApp(dir, round)));
  });

  afterAll(() => cleanup?.());

  // A patch by the fix it made, wherever it made it (a key may end in its site, `id@file:line`).
  const patchOf = (recipe: string) =>
    rounds.flatMap((r) => r.result.patches).find((p) => p.recipeId?.split('@')[0] === recipe);
  const attempts = () =>
    rounds
      .flatMap((r, i) => r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.detail}`))
      .join('\n');

  it('tells the handler’s own 404 (its message) from the unmounted router’s, and repairs each where it is', () => {
    const first = rounds[0]!.run.result.violations.filter((v) => v.actualStatus === 404).map((v) => v.endpoint);
    expect(first.sort()).toEqual(['GET /notebooks/{notebookId}', 'GET /notebooks/{notebookId}/labels']);
    const recipes = rounds.flatMap((r) => r.result.patches).map((p) => p.recipeId);
    const paramRecipe = recipes.find((r) => r?.startsWith('node.route-param-name')) ?? 'node.route-param-name';
    expect(addedLines(patchOf(paramRecipe)), attempts()).toEqual([
      '  const notebook = await notebookService.getNotebook(Number(req.params.notebookId));',
    ]);
    expect(addedLines(patchOf('node.unmounted-router')), attempts()).toEqual([
      "router.use('/notebooks', labelsRouter);",
    ]);
  });

  it('repairs each other planted bug with the expected line', () => {
    const expected: Record<string, string[]> = {
      'node.property-typo': ['  await noteService.deleteNote(Number(req.params.noteId));'],
      'node.lookup-key-name': ["  const notebook = await store.findById('notebooks', note.notebookId);"],
      'node.missing-import': ["const { randomUUID } = require('crypto');"],
    };
    for (const [recipe, lines] of Object.entries(expected))
      expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
  });

  it('ends with every operation answering its documented status', () => {
    expect(
      final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus}`),
      attempts(),
    ).toEqual([]);
  });
});
