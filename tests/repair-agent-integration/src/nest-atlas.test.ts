import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepairResult } from '@smoke-repair/repair-agent';
import type { SmokeRun } from '@smoke-repair/smoke-validator';
import { copyApp } from './apps.js';
import { addedLines, repairInRounds } from './support/express-rounds.js';
import { buildNestApp, smokeNestApp } from './support/nest-rounds.js';

// A NestJS 11 app in TypeScript (fixtures/nest-atlas): built by its own tsc to dist/ with source
// maps and run as `node dist/main.js` (no --enable-source-maps), smoked against its
// @nestjs/swagger document and a scenario file, repaired in rounds like the loop (smoke, repair
// with the contract, `git apply`, rebuild, smoke again). The harness runs the build before every
// smoke, as `app.build` does in the loop. Six planted bugs: three found through the Nest route
// index (no trace, or no frame of the app), three through traces mapped from dist/ to src/*.ts.
const fixture = {
  name: 'nest-atlas',
  language: 'node',
  source: join(import.meta.dirname, '..', 'fixtures', 'nest-atlas'),
} as const;

describe(`NestJS on nest-atlas: traces read in src/*.ts, every planted bug fixed in the source, the build \
passing`, () => {
  let dir: string;
  let cleanup: () => void;
  let rounds: { run: SmokeRun; result: RepairResult }[] = [];
  let final: SmokeRun;

  beforeAll(async () => {
    execFileSync('bash', [join(fixture.source, 'scripts', 'setup-deps.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
    ({ dir, cleanup } = copyApp(fixture));
    // buildNestApp throws with the compiler's output when a patched tree does not compile.
    ({ rounds, final } = await repairInRounds(dir, async (round) => {
      buildNestApp(dir);
      return smokeNestApp(dir, round);
    }));
  });

  afterAll(() => cleanup?.());

  const patches = () => rounds.flatMap((r) => r.result.patches);
  const patchOf = (recipe: string) => patches().find((p) => p.recipeId?.split('@')[0] === recipe);
  const attempts = () =>
    rounds
      .flatMap((r, i) => r.result.attempts.map((a) => `round ${i + 1} ${a.signature}: ${a.outcome} ${a.detail}`))
      .join('\n');

  it('smokes the six planted failures, their traces mapped from dist/*.js to src/*.ts', () => {
    const first = rounds[0]!.run.result.violations;
    expect([...new Set(first.map((v) => `${v.endpoint} ${v.actualStatus}`))].sort()).toEqual([
      'DELETE /api/regions/{id} 200',
      'GET /api/regions/{id}/summary 500',
      'GET /api/sites/{id} 500',
      'GET /api/sites/{siteId}/notes 404',
      'GET /api/stats 500',
      'GET /api/stats/regions/{id} 500',
      'POST /api/sites/{siteId}/notes 404',
    ]);
    const culprits = first
      .flatMap((v) => v.traces.map((t) => t.culprit && `${t.culprit.file.slice(dir.length + 1)}:${t.culprit.line}`))
      .filter(Boolean);
    expect([...new Set(culprits)].sort()).toEqual([
      'src/regions/regions.controller.ts:44',
      'src/sites/sites.controller.ts:28',
      'src/stats/stats.service.ts:24',
    ]);
  });

  it('repairs each planted bug in round one with its template or recipe, with the expected lines', () => {
    const expected: Record<string, string[]> = {
      'node.nest-unmounted-controller#SitesModule': [
        "import { SiteNotesController } from './site-notes.controller';",
        '  controllers: [SitesController, SiteNotesController],',
      ],
      'node.nest-http-code': [
        'import { Body, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseIntPipe,' +
          " Post } from '@nestjs/common';",
        '  @HttpCode(HttpStatus.NO_CONTENT)',
      ],
      'node.nest-not-found': [
        "import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common';",
        "    if (!site) throw new NotFoundException('Site not found');",
      ],
      'node.property-typo': ['    return { id: region.id, label: `${FORMATS.upper(region.name)} (${region.code})` };'],
      'node.missing-await': ['    const region = await this.regions.load(id);'],
    };
    for (const [recipe, lines] of Object.entries(expected))
      expect(addedLines(patchOf(recipe)), `${recipe}\n${attempts()}`).toEqual(lines);
    // The contract documents the count as a number: converted where the BigInt is made.
    expect(addedLines(patchOf('node.json-serialize')), attempts()).toEqual([
      '      archivedSites: Number(sites.filter((site) => site.archived).length),',
    ]);
    expect(rounds[0]!.result.patches).toHaveLength(6);
  });

  it('edits only TypeScript sources, never the compiled dist/', () => {
    const files = [...new Set(patches().flatMap((p) => p.files))].sort();
    expect(files).toEqual([
      'src/regions/regions.controller.ts',
      'src/sites/sites.controller.ts',
      'src/sites/sites.module.ts',
      'src/stats/stats.service.ts',
    ]);
  });

  it('ends with every scenario answering its documented status', () => {
    expect(final.result.violations.map((v) => `${v.endpoint}: ${v.kind} ${v.actualStatus}`)).toEqual([]);
    const statuses = Object.fromEntries(final.result.scenarios.map((s) => [s.id, s.actualStatus]));
    expect(statuses).toMatchObject({ 'site-missing': 404, 'site-notes': 200, 'region-stats': 200 });
  });
});
