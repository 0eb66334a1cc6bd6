/**
 * Neo4j going away during `smoke-repair run`: a second launcher instance (the shared one keeps
 * serving other suites) is stopped as iteration 1 starts. The loop warns, continues on the
 * project's file store, completes, and loses no learning: every attempt and outcome it recorded
 * is in the fallback file, and `patterns sync` pushes them into Neo4j once it is back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { openPatternStore, type PatternStore } from '@smoke-repair/pattern-store';
import { demoShopCopy, ensureDemoShopVenv } from './support/apps.js';
import { killLeftovers, portOpen, processesUnder, runCli } from './support/processes.js';
import { CLI, ROOT, snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-neo4j-'));
const port = Number(process.env['SMOKE_REPAIR_NEO4J_TEST_LOOP_PORT'] ?? 7697);
const url = `neo4j://127.0.0.1:${port}`;
const credentials = {
  SMOKE_REPAIR_NEO4J_USER: 'neo4j',
  SMOKE_REPAIR_NEO4J_PASSWORD: process.env['SMOKE_REPAIR_NEO4J_PASSWORD'] ?? 'smoke-repair-dev',
};
const neo4jEnv = { ...process.env, ...credentials, SMOKE_REPAIR_NEO4J_HOME: join(base, 'neo4j-data') };

function startInstance(): void {
  execFileSync('bash', [join(ROOT, 'tools', 'neo4j', 'start.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: neo4jEnv,
  });
}
function stopInstance(): void {
  execFileSync('bash', [join(ROOT, 'tools', 'neo4j', 'stop.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

beforeAll(() => {
  ensureDemoShopVenv();
  startInstance();
});
afterAll(async () => {
  stopInstance();
  await new Promise((r) => setTimeout(r, 1_000));
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

async function countEvents(store: PatternStore): Promise<{ attempts: number; outcomes: number }> {
  let attempts = 0;
  let outcomes = 0;
  for await (const event of store.exportEvents()) {
    if (event.type === 'attempt') attempts++;
    if (event.type === 'outcome') outcomes++;
  }
  return { attempts, outcomes };
}

describe('Neo4j stops during a run', () => {
  it('warns, falls back to the file store, completes, and every learned event survives', async () => {
    const app = await demoShopCopy(base, 'outage', { patterns: { store: url } });
    const files = snapshotTree(app.dir);
    const run = runCli(['--config', app.config], { cwd: app.dir, env: credentials });
    await run.line(/^iteration 1 /);
    stopInstance();
    expect(await portOpen(port)).toBe(false);
    const done = await run.done;
    expect(done.code, done.stderr).toBe(0);
    const result = loopResultSchema.parse(JSON.parse(done.stdout));
    // The run succeeds despite the outage: the target (or every scenario) is reached.
    expect(['target_reached', 'passed']).toContain(result.outcome);
    expect(done.stderr).toMatch(/warning: .*unavailable[\s\S]*Continuing on file:.*\.smoke-repair\/patterns\.jsonl/);

    // Every attempt the loop recorded is in the fallback file, with its outcome.
    const recorded = [...done.stderr.matchAll(/learning (\d+) attempts? recorded/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(recorded).toBeGreaterThan(0);
    const fallbackPath = join(app.dir, '.smoke-repair', 'patterns.jsonl');
    const fallback = await openPatternStore(`file:${fallbackPath}`);
    expect(await countEvents(fallback)).toEqual({ attempts: recorded, outcomes: recorded });
    expect((await fallback.list()).filter((p) => p.status === 'promoted').length).toBe(result.patternsPromoted);
    await fallback.close();
    expect(readFileSync(fallbackPath, 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2 * recorded);

    // The user's files: the accepted fixes, plus the project store beside the config.
    const now = snapshotTree(app.dir);
    const changed = Object.keys(now).filter((f) => now[f] !== files[f]);
    expect(changed.sort()).toEqual(
      [
        ...new Set([
          ...result.iterations.flatMap((i) => i.patches.filter(() => i.kept).flatMap((p) => p.files)),
          '.smoke-repair/patterns.jsonl',
        ]),
      ].sort(),
    );
    expect(processesUnder(join(base, 'outage'))).toEqual([]);

    // Neo4j back: `patterns sync` (from the project's file store to the config's store) loses nothing.
    startInstance();
    const sync = execFileSync(process.execPath, [CLI, 'patterns', 'sync', '--json'], {
      cwd: app.dir,
      env: { ...process.env, ...credentials },
      encoding: 'utf8',
    });
    expect(JSON.parse(sync)).toMatchObject({ applied: expect.any(Number) });
    const neo4j = await openPatternStore(url, { env: credentials, fallback: false });
    try {
      expect(await countEvents(neo4j)).toEqual({ attempts: recorded, outcomes: recorded });
    } finally {
      await neo4j.close();
    }
  });
});
