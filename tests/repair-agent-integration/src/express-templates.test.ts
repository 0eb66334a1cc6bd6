import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairResult } from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp } from './apps.js';
import { addedLines, repairInRounds, smokeExpressApp } from './support/express-rounds.js';

// An Express 4 app in CommonJS without an async wrapper (fixtures/express-tasks): the real smoke
// (its OpenAPI document and a scenario file with a missing id and an invalid body), the real
// traces, the Node templates and recipes, `git apply`, and the smoke again — like the loop, at
// most four rounds. An async handler that throws kills Node: one `crash`, forwarded to the error
// middleware first; its underlying bug (an undeclared route parameter) is the next round's 500.
const fixture = {
  name: 'express-tasks',
  language: 'node',
  source: join(import.meta.dirname, '..', 'fixtures', 'express-tasks'),
} as const;

describe(`Express 4 templates on express-tasks: crash forwarded, then each root cause repaired to its documented \
status`, () => {
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
    ({ rounds, final } = await repairInRounds(dir, (round) =>
      smokeExpressApp(dir, round, { scenarios: 'scenarios.json' }),
    ));
  });

  afterAll(() => cleanup?.());

  // A patch by the fix it made, wherever it made it (a key may end in its site, `id@file:line`).
  const patchOf = (recipe: string) =>
    rounds.flatMap((r) => r.result.patches).find((p) => p.recipeId?.split('@')[0] === recipe);
  const attempts = () =>
    rounds
      .flatMap((r, i) => r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.detail}`))
      .join('\n');

  it('smokes exactly one crash, on the request that killed the app, with its fatal trace', () => {
    const first = rounds[0]!.run.result;
    const crashes = first.violations.filter((v) => v.kind === 'crash');
    expect(crashes.map((v) => v.endpoint)).toEqual(['GET /api/projects/{projectId}/summary']);
    const trace = crashes[0]!.traces[0]!;
    expect(trace.exception).toMatchObject({
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'taskCount')",
    });
    expect(trace.culprit).toMatchObject({ file: join(dir, 'src', 'routes', 'projects.js'), line: 15 });
  });

  it(`forwards the crash to the error middleware first (try/catch → next), and the next round reads the declared \
parameter`, () => {
    const forward = rounds[0]!.result.patches.find((p) =>
      p.endpoints.includes('GET /api/projects/{projectId}/summary'),
    );
    expect(forward?.recipeId, attempts()).toBe('node.async-error-forward#try-catch');
    expect(addedLines(forward)).toEqual(
      expect.arrayContaining([
        "router.get('/:projectId/summary', async (req, res, next) => {",
        '  try {',
        '  } catch (err) {',
        '    next(err);',
      ]),
    );
    const second = rounds[1]!.run.result.violations.find((v) => v.endpoint === 'GET /api/projects/{projectId}/summary');
    expect(second).toMatchObject({ kind: 'server_error', actualStatus: 500 });
    expect(addedLines(patchOf('node.route-param-name'))).toEqual([
      '    const project = await projectRepo.findById(Number(req.params.projectId));',
    ]);
  });

  it('repairs each planted bug with its template or recipe, with the expected lines', () => {
    const expected: Record<string, string[]> = {
      'node.status-code': ['    res.status(201).json(toView(project));'],
      'node.missing-await': ['exports.list = async (req, res) => {', '  const projects = await projectRepo.findAll();'],
      'node.json-parse-guard#refuse': [
        '  let filter;',
        '  try {',
        "    filter = JSON.parse(req.query.filter ?? '{}');",
        '  } catch (err) {',
        '    return res.status(400).json({ error: err.message });',
        '  }',
      ],
      'node.unmounted-router': ["router.use('/tags', require('./tags'));"],
      'node.missing-entity-404#respond': ["  if (!task) return res.status(404).json({ error: 'Task not found' });"],
      'node.validation-status#handler': [
        '  try {',
        '    validateTask(req.body);',
        '  } catch (err) {',
        '    return res.status(400).json({ error: err.message });',
        '  }',
      ],
      'node.off-by-one': ['  for (let i = 0; i < tasks.length; i++) titles.push(tasks[i].title);'],
    };
    for (const [recipe, lines] of Object.entries(expected))
      expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
  });

  it('ends with every scenario answering its documented status', () => {
    expect(final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus}`)).toEqual([]);
    const statuses = Object.fromEntries(final.result.scenarios.map((s) => [s.id, s.actualStatus]));
    expect(statuses).toMatchObject({
      'seed-project': 200,
      'list-bad-filter': 400,
      'task-missing': 404,
      'task-without-title': 400,
    });
  });
});

describe("Express 4 templates on express-tasks with the app's own asyncHandler", () => {
  let dir: string;
  let cleanup: () => void;
  let before: SmokeRun;
  let result: RepairResult;
  let after: SmokeRun;

  beforeAll(async () => {
    ({ dir, cleanup } = copyApp(fixture));
    writeFileSync(
      join(dir, 'src', 'async-handler.js'),
      "'use strict';\n\n" +
        'module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\n',
    );
    const routes = join(dir, 'src', 'routes', 'projects.js');
    writeFileSync(
      routes,
      readFileSync(routes, 'utf8')
        .replace(
          "const projectRepo = require('../repositories/project-repo');\n",
          "const projectRepo = require('../repositories/project-repo');\n" +
            "const asyncHandler = require('../async-handler');\n",
        )
        .replace(
          "router.get('/:projectId', projects.show);",
          "router.get('/:projectId', asyncHandler(projects.show));",
        ),
    );
    before = await smokeExpressApp(dir, 0, { scenarios: 'scenarios.json' });
    const crash = before.result.violations.filter((v) => v.kind === 'crash');
    result = await repairFromSmokeViolations(crash, {
      appRoot: dir,
      strategies: [createRecipeStrategy()],
      contract: before.api,
    });
    applyPatches(dir, result.patches);
    after = await smokeExpressApp(dir, 1, { scenarios: 'scenarios.json' });
  });

  afterAll(() => cleanup?.());

  it(`wraps the crashing handler with it at the route; the request then gets the error middleware 500 and the app \
lives`, () => {
    expect(before.result.violations.filter((v) => v.kind === 'crash').map((v) => v.endpoint)).toEqual([
      'GET /api/projects/{projectId}/summary',
    ]);
    expect(result.patches.map((p) => p.recipeId)).toEqual(['node.async-error-forward#wrap']);
    expect(addedLines(result.patches[0])).toEqual([
      "router.get('/:projectId/summary', asyncHandler(async (req, res) => {",
      '}));',
    ]);
    expect(after.result.violations.filter((v) => v.kind === 'crash')).toEqual([]);
    expect(after.result.violations.find((v) => v.endpoint === 'GET /api/projects/{projectId}/summary')).toMatchObject({
      kind: 'server_error',
      actualStatus: 500,
    });
    expect(after.result.crashes ?? []).toEqual([]);
  });
});
