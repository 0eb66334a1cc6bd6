import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepairResult } from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { copyApp } from './apps.js';
import { addedLines, repairInRounds, smokeExpressApp } from './support/express-rounds.js';

// An Express 4 app in CommonJS with controllers, services, a row mapper and an asyncHandler
// (fixtures/express-journal): the real smoke, the real traces, the Node templates, `git apply`,
// and the smoke again. Planted, one per template: a stored list kept as comma-separated text
// read with JSON.parse, a comparator over mapped entries by the
// stored snake_case key, an ISO string used as a Date, a stats count read as `.length` of a
// summary object, a mean over an empty collection (NaN sent as null), a Promise sent as the
// body, a route parameter compared strictly with a numeric id.
const fixture = {
  name: 'express-journal',
  language: 'node',
  source: join(import.meta.dirname, '..', 'fixtures', 'express-journal'),
} as const;

describe('Node templates on express-journal: each planted bug repaired where it is', () => {
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
    ({ rounds, final } = await repairInRounds(dir, (round) => smokeExpressApp(dir, round), 5));
  });

  afterAll(() => cleanup?.());

  // A patch by the fix it made, wherever it made it (a key may end in its site, `id@file:line`).
  const patchOf = (recipe: string) =>
    rounds.flatMap((r) => r.result.patches).find((p) => p.recipeId?.split('@')[0] === recipe);
  const attempts = () =>
    rounds
      .flatMap((r, i) =>
        r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.recipeId ?? ''} ${a.detail}`),
      )
      .join('\n');

  it('repairs each planted bug with the expected line', () => {
    const expected: Record<string, string[]> = {
      'node.stored-list': [
        "  if (typeof raw === 'string' && !raw.trimStart().startsWith('[')) {",
        '    // Kept as comma-separated text, not a JSON list: its items.',
        '    return raw',
        "      .split(',')",
        '      .map((item) => item.trim())',
        '      .filter(Boolean);',
        '  }',
      ],
      'node.key-style': ['  return rows.map(toEntry).sort((a, b) => b.createdAt.localeCompare(a.createdAt));'],
      'node.date-string': [
        '  const ageDays = Math.floor((Date.now() - new Date(entry.createdAt).getTime()) / 86400000);',
      ],
      'node.missing-field': ['    entryCount: summary.count,'],
      'node.empty-division': [
        '    averageMood: moods.length ? moods.reduce((sum, m) => sum + m, 0) / moods.length : 0,',
      ],
      'node.pending-response': ['  const entry = await entryService.createEntry(req.body);'],
      'node.param-compare': ['  const existing = rows.find((r) => r.id === Number(req.params.entryId));'],
    };
    for (const [recipe, lines] of Object.entries(expected))
      expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
  });

  it('ends with every operation answering its documented status and schema', () => {
    expect(
      final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus} ${v.message}`),
      attempts(),
    ).toEqual([]);
  });
});
