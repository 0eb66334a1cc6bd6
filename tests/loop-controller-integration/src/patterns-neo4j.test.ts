/**
 * `smoke-repair patterns` against a real Neo4j, through the built CLI: a launcher instance of
 * this file's own on its own port (the shared one on 7687 is wiped by the pattern-store
 * integration tests), started and stopped here. `npm test` provisions Java, Maven and the
 * launcher (tools/provision/neo4j.sh) before this project runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPatternStore, type RecordAttemptInput } from '@smoke-repair/pattern-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'cli-neo4j-'));
const port = Number(process.env['SMOKE_REPAIR_NEO4J_TEST_CLI_PORT'] ?? 7698);
const url = `neo4j://127.0.0.1:${port}`;
const credentials = {
  SMOKE_REPAIR_NEO4J_USER: 'neo4j',
  SMOKE_REPAIR_NEO4J_PASSWORD: process.env['SMOKE_REPAIR_NEO4J_PASSWORD'] ?? 'smoke-repair-dev',
};
const neo4jEnv = { ...process.env, ...credentials, SMOKE_REPAIR_NEO4J_HOME: join(base, 'neo4j-data') };

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...credentials, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const attempt = (signatureClass: string): RecordAttemptInput => ({
  signature: {
    hash: `h-${signatureClass}`,
    key: `KeyError@app/x.py:1 f: ${signatureClass}`,
    exceptionType: 'KeyError',
    message: signatureClass,
  },
  strategy: 'recipe',
  pattern: { signatureClass, language: 'python', template: { edit: signatureClass } },
  context: { app: 'shop', method: 'POST', path: '/carts/{cart_id}/items', errorKind: '500' },
});

beforeAll(() => {
  execFileSync('bash', [join(ROOT, 'tools', 'neo4j', 'start.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: neo4jEnv,
    timeout: 300_000,
  });
}, 300_000);
afterAll(() => {
  execFileSync('bash', [join(ROOT, 'tools', 'neo4j', 'stop.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: neo4jEnv,
  });
  rmSync(base, { recursive: true, force: true });
}, 60_000);

describe('smoke-repair patterns on a real Neo4j', () => {
  it('syncs the file store to Neo4j idempotently, then lists, shows, retires and exports there', async () => {
    const dir = mkdtempSync(join(base, 'project-'));
    const store = await openPatternStore('file:.smoke-repair/patterns.jsonl', { cwd: dir });
    const fixed = await store.recordAttempt(attempt('py:a'));
    await store.recordOutcome({ attemptId: fixed.id, outcome: 'fixed' });
    const unique = `cli-${process.pid}-${Date.now()}`;
    const extra = await store.recordAttempt(attempt(unique));
    await store.close();

    const first = JSON.parse(cli(['patterns', 'sync', '--to', url, '--json'], dir).stdout) as {
      applied: number;
      duplicates: number;
    };
    expect(first.applied + first.duplicates).toBeGreaterThan(0);
    const second = JSON.parse(cli(['patterns', 'sync', '--to', url, '--json'], dir).stdout) as {
      applied: number;
      duplicates: number;
    };
    expect(second).toMatchObject({ applied: 0, duplicates: first.applied + first.duplicates });
    const listed = JSON.parse(cli(['patterns', 'list', '--store', url, '--json'], dir).stdout) as { id: string }[];
    expect(listed.map((p) => p.id)).toEqual(expect.arrayContaining([fixed.patternId, extra.patternId]));
    expect(cli(['patterns', 'show', extra.patternId, '--store', url], dir).stdout).toContain(unique);
    expect(cli(['patterns', 'retire', extra.patternId, '--store', url, '--reason', 'test'], dir).code).toBe(0);
    expect(cli(['patterns', 'export', '--store', url], dir).stdout).toContain(`"patternId":"${extra.patternId}"`);
  }, 120_000);
});
