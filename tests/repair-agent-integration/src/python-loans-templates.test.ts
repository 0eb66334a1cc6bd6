import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepairResult } from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { copyApp, prepare, VENV_PYTHON, type AppSpec } from './apps.js';
import { smokePythonApp } from './support/python-rounds.js';
import { addedLines, repairInRounds } from './support/repair-rounds.js';

// A FastAPI + SQLAlchemy app (fixtures/loans-desk) with one generator mistake per endpoint: the
// real smoke against the OpenAPI document the app serves, the real traces, the built-in recipes
// and templates, `git apply`, and the smoke again — like the loop, at most four rounds.
const app: AppSpec = {
  name: 'loans-desk',
  language: 'python',
  source: join(import.meta.dirname, '..', 'fixtures', 'loans-desk'),
};

describe('tuned Python templates on loans-desk (real smoke, real traces, real repair)', () => {
  let cleanup: (() => void) | undefined;
  let rounds: { run: SmokeRun; result: RepairResult }[] = [];
  let final: SmokeRun;

  beforeAll(async () => {
    prepare(app);
    const copy = copyApp(app);
    cleanup = copy.cleanup;
    ({ rounds, final } = await repairInRounds(
      copy.dir,
      (round) => smokePythonApp(copy.dir, round, { scenarios: 'scenarios.json' }),
      4,
      { python: VENV_PYTHON },
    ));
  }, 600_000);

  afterAll(() => cleanup?.());

  // A patch by the fix it made, wherever it made it (a key may end in its site, `id@file:line`).
  const patchOf = (recipe: string) =>
    rounds.flatMap((r) => r.result.patches).find((p) => p.recipeId?.split('@')[0] === recipe);
  const attempts = () =>
    rounds
      .flatMap((r, i) => r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.detail}`))
      .join('\n');

  it('repairs each planted bug with its template, with the expected lines', () => {
    const expected: Record<string, string[]> = {
      'python.model-kwargs': [
        '    member = Member(**payload.model_dump(exclude={"starting_tier"}), tier_level=payload.starting_tier)',
      ],
      'python.attribute-meaning#moment': ['    return (date.today() - member.joined_on).days'],
      'python.not-null-column#moment-local': ['        loaned_at=now,'],
      'python.enum-value#member': ['    loan.status = LoanStatus.returned'],
      'python.model-subscript#attribute': [
        '    return sorted(result, key=lambda item: item.days_overdue, reverse=True)',
      ],
      'python.row-item-assignment#list': ['        row = list(row)'],
      'python.relationship-order-by#sorted': [
        '    return sorted(member.loans, key=lambda item: item.due_at, reverse=True)',
      ],
      'python.missing-return#entity': ['        return book'],
      'python.item-response-model#item': [
        '@router.get("/books/{book_id}", response_model=BookRead, responses=NOT_FOUND)',
      ],
      'python.conflict-guard#not-none': ['        if existing is not None and existing.id != book_id:'],
      'python.json-encoder': [
        '        content=Valuation.model_validate({',
        '        }).model_dump(mode="json", by_alias=True),',
      ],
      'python.stored-date-literal#day-month': [
        '        db.execute(text("INSERT INTO closures (reason, starts_at) VALUES (:r, :s)"), {"r": "Stocktake",' +
          ' "s": "2024-06-25 08:00:00.000000"})',
      ],
    };
    for (const [recipe, lines] of Object.entries(expected))
      expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
  });

  it('ends with every scenario answering its documented status, the taken ISBN still a 409', () => {
    expect(final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus}`)).toEqual([]);
    const statuses = Object.fromEntries(final.result.scenarios.map((s) => [s.id, s.actualStatus]));
    expect(statuses).toMatchObject({
      'create-loan': 201,
      'return-seeded-loan': 200,
      'rename-book': 200,
      'free-isbn': 200,
      'taken-isbn': 409,
      'seeded-member-loans': 200,
      'seeded-book': 200,
    });
  });
});
