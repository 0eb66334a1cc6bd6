/**
 * The smoke against a real app over a seeded SQLite file (fixtures/seeded-sqlite): it never
 * updates or deletes a row it did not create — the seeded rows are byte-identical after a smoke,
 * even though the create of notes is broken and the listing offers seeded notes' ids; example
 * values guarded by unique constraints are unique per run, so a second smoke on the same data
 * gives the same verdicts; and one seed sends byte-identical requests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSmokeConfig, runSmoke, type SmokeResult } from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'seeded-sqlite');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A temp dir with a seeded database, and a config that starts the app on it. */
async function seededApp(smoke: Record<string, unknown> = {}) {
  const dir = tempDir('seeded');
  cleanups.push(dir.cleanup);
  const db = join(dir.path, 'app.db');
  const requestLog = join(dir.path, 'requests.jsonl');
  execFileSync('python3', [join(fixture, 'server.py'), '0', db, '--seed-only']);
  const port = await freePort();
  const config = parseSmokeConfig(
    {
      app: {
        root: fixture,
        runner: {
          kind: 'process',
          command: ['python3', '-u', join(fixture, 'server.py'), String(port), db, '--request-log', requestLog],
          port,
          readiness: { path: '/health' },
        },
      },
      smoke: { openapi: '/openapi.json', concurrency: 1, logSettleMs: 500, ...smoke },
      artifactsDir: join(dir.path, 'artifacts'),
    },
    join(dir.path, 'smoke-repair.config.json'),
  );
  const requests = () =>
    readFileSync(requestLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { method: string; path: string; requestId: string; body: string });
  return { db, config, requests, dir: dir.path };
}

/** The database as SQL text, one statement per line (sqlite3's iterdump). */
function dump(db: string): string[] {
  return execFileSync('python3', [join(fixture, 'dump.py'), db], { encoding: 'utf8' }).split('\n');
}

/** The INSERT lines of the rows whose (table, id) is in `keys`, keyed `table:id`. */
function rows(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /^INSERT INTO "(\w+)" VALUES\((\d+),/.exec(line);
    if (m) out.set(`${m[1]}:${m[2]}`, line);
  }
  return out;
}

describe('a smoke over a seeded database', () => {
  it('leaves every seeded row byte-identical: PUT, PATCH and DELETE only on rows the run created', async () => {
    const app = await seededApp();
    const before = rows(dump(app.db));
    expect([...before.keys()]).toEqual(['authors:1', 'authors:2', 'notes:1', 'notes:2', 'tags:1']);

    const { result } = await runSmoke(app.config);

    const after = rows(dump(app.db));
    for (const [key, line] of before) expect(after.get(key), key).toBe(line);
    const status = Object.fromEntries(result.scenarios.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({
      'POST /authors': 'passed',
      'PUT /authors/{author_id}': 'passed',
      'DELETE /authors/{author_id}': 'passed',
      'POST /notes': 'failed',
      'GET /notes/{note_id}': 'passed',
      'PUT /notes/{note_id}': 'blocked',
      'PATCH /notes/{note_id}': 'blocked',
      'DELETE /notes/{note_id}': 'blocked',
    });
    const put = result.scenarios.find((s) => s.id === 'PUT /notes/{note_id}')!;
    expect(put.blockedBy).toEqual(['POST /notes']);
    expect(put.notes.join()).toMatch(/only touches what this run created/);
    expect(result.violations.find((v) => v.endpoint === 'POST /notes')?.traces[0]?.exception.type).toBe('KeyError');
    // Reads of seeded rows are fine; no write ever named a seeded id.
    const sent = app.requests();
    expect(sent.some((r) => r.method === 'GET' && /^\/notes\/[12]$/.test(r.path))).toBe(true);
    const writesToSeeded = sent.filter(
      (r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method) && /^\/(authors|notes)\/[12]$/.test(r.path),
    );
    expect(writesToSeeded).toEqual([]);
  });
});

/** What must be equal between two smokes of the same code on the same data. */
function verdicts(result: SmokeResult) {
  return {
    passRate: result.passRate,
    scenarios: result.scenarios.map((s) => [s.id, s.status, s.actualStatus]),
    violations: result.violations.map((v) => [v.endpoint, v.kind, v.signature.hash]),
  };
}

describe('unique values per run', () => {
  it('a second smoke on the data the first one left gives the same verdicts (no 409 for a reused slug)', async () => {
    const app = await seededApp();
    const first = (await runSmoke(app.config)).result;
    const second = (await runSmoke(app.config)).result;
    // Tags are never deleted: the first smoke's tag is still there when the second creates one.
    expect(first.scenarios.find((s) => s.id === 'POST /tags')!.status).toBe('passed');
    expect(verdicts(second)).toEqual(verdicts(first));
    expect(second.seed).not.toBe(first.seed);
    // Each run wrote its own author, the documented example made unique in its schema's format.
    const authors = app
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/authors')
      .map((r) => JSON.parse(r.body) as Record<string, string>);
    expect(authors).toHaveLength(2);
    expect(authors[0]!.email).toMatch(/^ada\.[a-z0-9]{6}@example\.com$/);
    expect(authors[0]!.username).toMatch(/^ada_l_[a-z0-9]{6}$/);
    expect(authors[1]!.email).not.toBe(authors[0]!.email);
    const tags = app
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/tags')
      .map((r) => JSON.parse(r.body) as Record<string, string>);
    expect(tags.map((t) => t.slug)).toEqual([
      expect.stringMatching(/^urgent-[a-z0-9]{6}$/),
      expect.stringMatching(/^urgent-[a-z0-9]{6}$/),
    ]);
    expect(tags[1]!.slug).not.toBe(tags[0]!.slug);
  });

  it('one seed sends byte-identical requests (from the same data), and the result names it', async () => {
    const app = await seededApp({ seed: 'replay-1' });
    const { result } = await runSmoke(app.config);
    const firstRequests = app.requests();
    // Back to the seeded data, then the same seed again.
    rmSync(app.db);
    rmSync(join(app.dir, 'requests.jsonl'));
    execFileSync('python3', [join(fixture, 'server.py'), '0', app.db, '--seed-only']);
    const again = await runSmoke(app.config);
    expect(result.seed).toBe('replay-1');
    expect(again.result.seed).toBe('replay-1');
    expect(firstRequests.length).toBeGreaterThan(10);
    expect(JSON.stringify(app.requests())).toBe(JSON.stringify(firstRequests));
    expect(verdicts(again.result)).toEqual(verdicts(result));
  });
});
