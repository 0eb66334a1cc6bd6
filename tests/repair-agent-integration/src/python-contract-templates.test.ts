/**
 * The contract-guided Python templates on a real app: start contract-desk, load its OpenAPI
 * document, call each broken scenario, build the violations from the real responses and server
 * log, repair with the contract, `git apply` the patches, restart (again while scenarios still
 * fail, as the loop does), and check each scenario now answers its documented status with
 * exactly the lines each template was meant to add.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecipeStrategy, repairFromSmokeViolations, type RepairPatch } from '@smoke-repair/repair-agent';
import { buildApiModel, type ApiModel, type Violation } from '@smoke-repair/smoke-validator';
import { applyPatches, copyApp, prepare, startApp, violationOf, VENV_PYTHON, type AppSpec, type Call } from './apps.js';

const app: AppSpec = {
  name: 'contract-desk',
  language: 'python',
  source: join(import.meta.dirname, '..', 'fixtures', 'contract-desk'),
};

const GROUP_ADDS = [
  '    project = repo.get_by_id(project_id)',
  '    if project is None:',
  '        raise HTTPException(status_code=404, detail="Project not found")',
  '    return project',
  '    return {"id": project.id, "title": project.title, "task_count": len(project.tasks), "owner_name":' +
    ' project.owner}',
];

const cases: readonly { template: string; call: Call; adds: readonly string[] }[] = [
  {
    template: 'python.none-deref#raise-404',
    call: { endpoint: 'GET /projects/{project_id}', path: '/projects/999', expected: 404 },
    adds: [
      'from fastapi import HTTPException',
      '    if project is None:',
      '        raise HTTPException(status_code=404, detail="Project not found")',
    ],
  },
  {
    // Both raise a frameless ResponseValidationError: one root cause, one patch for the group.
    template: 'python.response-missing-field#entity+404',
    call: { endpoint: 'GET /projects/{project_id}/record', path: '/projects/999/record', expected: 404 },
    adds: GROUP_ADDS,
  },
  {
    template: 'python.none-deref#raise-404',
    call: { endpoint: 'DELETE /projects/{project_id}', path: '/projects/999', expected: 404 },
    adds: ['    if project is None:', '        raise HTTPException(status_code=404, detail="Project not found")'],
  },
  {
    template: 'python.none-deref#raise-404',
    call: { endpoint: 'GET /projects/{project_id}/tasks/{task_id}', path: '/projects/1/tasks/999', expected: 404 },
    adds: [
      'from fastapi import HTTPException',
      '        task = self.db.execute(',
      '        ).scalar_one_or_none()',
      '        if task is None:',
      '            raise HTTPException(status_code=404, detail="Task not found")',
      '        return task',
    ],
  },
  {
    template: 'python.validation-raise#400',
    call: { endpoint: 'POST /projects', path: '/projects', body: { title: '   ', owner: 'Ada' }, expected: 400 },
    adds: ['        raise HTTPException(status_code=400, detail="title must not be blank")'],
  },
  {
    template: 'python.response-missing-field#entity+404',
    call: { endpoint: 'GET /projects/{project_id}/summary', path: '/projects/1/summary', expected: 200 },
    adds: GROUP_ADDS,
  },
  {
    template: 'python.not-null-column#request-field',
    call: {
      endpoint: 'POST /projects/{project_id}/tasks',
      path: '/projects/1/tasks',
      body: { title: 'Review', priority_level: 2 },
      expected: 201,
    },
    adds: [
      '    task = Task(project_id=project_id, title=payload.title, estimate_hours=payload.estimate_hours,' +
        ' due_at=payload.due_at, priority=payload.priority_level)',
    ],
  },
  {
    template: 'python.empty-division#zero',
    call: { endpoint: 'GET /projects/{project_id}/stats', path: '/projects/2/stats', expected: 200 },
    adds: ['    average = sum(t.estimate_hours for t in tasks) / len(tasks) if tasks else 0.0'],
  },
  {
    template: 'python.empty-aggregate#none',
    call: { endpoint: 'GET /projects/{project_id}/peak', path: '/projects/2/peak', expected: 200 },
    adds: ['    return {"project_id": project_id, "peak_priority": max((t.priority for t in tasks), default=None)}'],
  },
  {
    template: 'python.naive-aware-datetime#aware-left',
    call: { endpoint: 'GET /projects/{project_id}/overdue', path: '/projects/1/overdue', expected: 200 },
    adds: [
      '    return [t.id for t in repo.tasks_of(project_id) if t.due_at is not None and' +
        ' t.due_at.replace(tzinfo=timezone.utc) < now]',
    ],
  },
];

describe('contract-guided Python templates on contract-desk', () => {
  let cleanup: (() => void) | undefined;
  const before = new Map<string, Violation | null>();
  const after = new Map<string, { status: number; text: string }>();
  const fixedBy = new Map<string, RepairPatch>();
  const attempts: string[] = [];

  beforeAll(async () => {
    prepare(app);
    const copy = copyApp(app);
    cleanup = copy.cleanup;
    let contract: ApiModel | undefined;
    let pending = cases.map((c) => c.call);
    // Round after round, as the loop does: a trace without an app frame groups every endpoint
    // that raised it into one root cause, fixed one template at a time.
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      const running = await startApp(app, copy.dir);
      const violations: Violation[] = [];
      try {
        contract ??= buildApiModel(
          await (await fetch(`http://127.0.0.1:${running.port}/openapi.json`)).json(),
          'openapi.json',
        );
        for (const call of pending) {
          const violation = await violationOf(running, call, copy.dir);
          if (round === 0) before.set(call.endpoint, violation);
          if (violation) violations.push(violation);
        }
      } finally {
        await running.stop();
      }
      if (violations.length === 0) break;
      const result = await repairFromSmokeViolations(violations, {
        appRoot: copy.dir,
        python: VENV_PYTHON,
        strategies: [createRecipeStrategy()],
        contract,
      });
      attempts.push(...result.attempts.map((a) => `round ${round + 1} ${a.signature}: ${a.outcome} ${a.detail}`));
      applyPatches(copy.dir, result.patches);
      for (const patch of result.patches) for (const endpoint of patch.endpoints) fixedBy.set(endpoint, patch);
      pending = violations.map((v) => cases.find((c) => c.call.endpoint === v.endpoint)!.call);
    }
    const fixed = await startApp(app, copy.dir);
    try {
      for (const { call } of cases)
        after.set(call.endpoint, await fixed.request(call.endpoint.split(' ')[0]!, call.path, call.body));
    } finally {
      await fixed.stop();
    }
  }, 240_000);

  afterAll(() => cleanup?.());

  it.each(cases.map((c) => [c.template, c.call.endpoint, c] as const))('%s on %s', (_id, _endpoint, c) => {
    expect(before.get(c.call.endpoint), `${c.call.endpoint} is broken before the repair`).not.toBeNull();
    const patch = fixedBy.get(c.call.endpoint);
    expect(patch?.recipeId, `${c.call.endpoint} patched by ${c.template}\n${attempts.join('\n')}`).toBe(c.template);
    expect(
      after.get(c.call.endpoint)?.status,
      `${c.call.endpoint} after the patch:\n${patch?.diff}\n${after.get(c.call.endpoint)?.text}`,
    ).toBe(c.call.expected);
    const added = patch!.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added.sort()).toEqual(c.adds.map((l) => `+${l}`).sort());
  });

  it('answers with the data the contract documents, not an empty success', () => {
    expect(JSON.parse(after.get('GET /projects/{project_id}/summary')!.text)).toMatchObject({
      owner_name: 'Ada',
      task_count: 2,
    });
    expect(JSON.parse(after.get('GET /projects/{project_id}/stats')!.text)).toEqual({
      project_id: 2,
      task_count: 0,
      average_estimate: 0,
    });
    expect(JSON.parse(after.get('GET /projects/{project_id}/peak')!.text)).toEqual({
      project_id: 2,
      peak_priority: null,
    });
    expect(JSON.parse(after.get('POST /projects/{project_id}/tasks')!.text)).toMatchObject({
      priority: 2,
      title: 'Review',
    });
    expect(JSON.parse(after.get('GET /projects/{project_id}/overdue')!.text)).toEqual({ project_id: 1, overdue: [1] });
  });
});
