import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PatternStoreAuthError,
  PatternStoreUnavailableError,
  openPatternStore,
  syncPatternStores,
  type PatternEvent,
  type PatternStore,
} from '@smoke-repair/pattern-store';
import { attempt, tick } from './fixtures.js';
import { NEO4J_ENV, NEO4J_URL, clearDatabase, openNeo4jStore, startInstance, stopInstance } from './neo4j.js';

const dir = mkdtempSync(join(tmpdir(), 'pattern-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { warnings: string[]; warn(message: string): void } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}

async function ids(store: PatternStore): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const event of store.exportEvents())
    out.add(event.type === 'outcome' ? `outcome:${event.attemptId}` : event.id);
  return out;
}

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Neo4j credentials and reachability', () => {
  beforeAll(async () => {
    await (await openNeo4jStore()).close();
  });

  it('wrong credentials: a clear error without fallback, a warning and the file store with it', async () => {
    const env = { SMOKE_REPAIR_NEO4J_USER: 'neo4j', SMOKE_REPAIR_NEO4J_PASSWORD: 'wrong-password' };
    const error = await openPatternStore(NEO4J_URL, { env, fallback: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatternStoreAuthError);
    expect(error).toMatchObject({ code: 'SMOKE_PATTERN_STORE_AUTH_FAILED' });
    expect((error as Error).message).toMatch(/refused the credentials of user "neo4j".*SMOKE_REPAIR_NEO4J_PASSWORD/s);

    const logger = capture();
    const store = await openPatternStore(NEO4J_URL, { env, logger, fallback: `file:${join(dir, 'auth.jsonl')}` });
    expect(store.kind).toBe('file');
    await store.recordAttempt(attempt());
    expect((await store.stats()).attempts).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      /refused the credentials[\s\S]*Continuing on file:.*auth\.jsonl[\s\S]*patterns sync/,
    );
    await store.close();
  });

  it('unreachable server: PatternStoreUnavailableError, or the fallback', async () => {
    const url = `neo4j://127.0.0.1:${await closedPort()}`;
    const error = await openPatternStore(url, { env: NEO4J_ENV, fallback: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatternStoreUnavailableError);
    expect(error).toMatchObject({ code: 'SMOKE_PATTERN_STORE_UNAVAILABLE' });
    const logger = capture();
    const store = await openPatternStore(url, { env: NEO4J_ENV, logger, fallback: `file:${join(dir, 'down.jsonl')}` });
    expect(store.kind).toBe('file');
    expect(logger.warnings.join()).toMatch(/unavailable/);
    await store.close();
  });
});

describe('Neo4j stopped during a run: fallback, restart, sync', () => {
  // A second launcher instance, so the shared one keeps serving the other tests.
  const port = Number(process.env['SMOKE_REPAIR_NEO4J_TEST_RESTART_PORT'] ?? 7688);
  const url = `neo4j://127.0.0.1:${port}`;
  afterAll(() => stopInstance(port));

  it('keeps recording on the file store while Neo4j is down, and sync pushes every event later', async () => {
    startInstance(port);
    await clearDatabase(url);
    const fallbackPath = join(dir, 'outage.jsonl');
    const logger = capture();
    const store = await openPatternStore(url, { env: NEO4J_ENV, logger, fallback: `file:${fallbackPath}` });
    expect(store.kind).toBe('neo4j');
    const written: PatternEvent[] = [];
    const before = [];
    for (let i = 0; i < 4; i += 1) {
      const a = await store.recordAttempt(attempt({ tpl: `t${i % 2}` }));
      written.push(a);
      before.push(a);
    }
    await store.recordOutcome({ attemptId: before[0]!.id, outcome: 'fixed', at: tick() });

    stopInstance(port);
    // Outcomes of attempts Neo4j holds, and new attempts, all land in the file store.
    const during = [];
    expect((await store.recordOutcome({ attemptId: before[1]!.id, outcome: 'fixed', at: tick() })).status).toBe(
      'pending',
    );
    expect(store.kind).toBe('file');
    await store.recordOutcome({ attemptId: before[2]!.id, outcome: 'not_fixed', at: tick() });
    for (let i = 0; i < 3; i += 1) {
      const a = await store.recordAttempt(attempt({ tpl: `t${i % 2}` }));
      during.push(a);
      await store.recordOutcome({ attemptId: a.id, outcome: 'fixed', at: tick() });
    }
    const retiredId = (await store.list())[0]!.id;
    await store.retire(retiredId, { reason: 'during outage' });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/unavailable[\s\S]*Continuing on file:/);
    const offline = [...(await ids(store))];
    expect(offline).toHaveLength(2 + 3 + 3 + 1);
    await store.close();

    startInstance(port);
    const fallback = await openPatternStore(`file:${fallbackPath}`);
    const target = await openPatternStore(url, { env: NEO4J_ENV, fallback: false });
    expect(await syncPatternStores(fallback, target)).toEqual({ applied: 9, duplicates: 0 });
    expect(await syncPatternStores(fallback, target)).toEqual({ applied: 0, duplicates: 9 });

    const inNeo4j = await ids(target);
    for (const id of [...before.map((a) => a.id), ...offline, `outcome:${before[0]!.id}`])
      expect(inNeo4j).toContain(id);
    expect(inNeo4j.size).toBe(4 + 1 + 9);
    const stats = await target.stats();
    expect(stats).toMatchObject({ attempts: 7, outcomes: { fixed: 5, not_fixed: 1, regressed: 0 }, pending: 1 });
    expect(await target.get(retiredId)).toMatchObject({ status: 'retired', statusReason: 'during outage' });
    const t0 = (await target.list()).find((p) => p.template && (p.template as { tpl: string }).tpl === 't0');
    expect(t0).toMatchObject({ attempts: 4, trials: 4, successes: 3, failures: 1 });
    await Promise.all([fallback.close(), target.close()]);
  }, 480_000); // two Neo4j JVM starts: on a busy 2-core machine each can take over a minute
});
