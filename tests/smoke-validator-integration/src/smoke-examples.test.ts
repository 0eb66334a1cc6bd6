import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetchHttpClient,
  createProcessRunner,
  executeScenarios,
  generateScenarios,
  loadOpenApi,
  orderScenarios,
  type GenerateOptions,
} from '@smoke-repair/smoke-validator';
import { freePort, tempDir } from './support.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'library-api');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Generates, orders and runs the scenarios against a fresh library-api server. */
async function smokeFresh(options: GenerateOptions) {
  const port = await freePort();
  const dir = tempDir('examples');
  cleanups.push(dir.cleanup);
  const app = createProcessRunner({
    command: ['python3', '-u', join(fixture, 'server.py'), String(port), '--log-ids'],
    cwd: fixture,
    port,
    readiness: { path: '/health' },
    logFile: join(dir.path, 'server.log'),
  });
  await app.start();
  cleanups.push(() => app.stop());
  const http = createFetchHttpClient();
  const api = await loadOpenApi(`${app.baseUrl}/openapi.json`, {
    baseDir: dir.path,
    http,
    allowNonLoopback: false,
    timeoutMs: 10_000,
  });
  const plan = orderScenarios(generateScenarios(api, { seed: 'it', ...options }));
  const runs = await executeScenarios(plan, {
    http,
    baseUrl: app.baseUrl,
    concurrency: 1,
    headers: { 'X-API-Key': 'super-secret-key-123' },
  });
  return { plan, runs, status: new Map(runs.map((r) => [r.scenario.id, r.status])) };
}

describe('examples per operation and boundary variants against a real server (library-api fixture)', () => {
  it('leave the positive scenarios as they were and add distinct, stable, dependency-ordered requests', async () => {
    const plain = await smokeFresh({});
    const varied = await smokeFresh({ examplesPerOperation: 4, boundary: true });
    for (const [id, status] of plain.status) expect(varied.status.get(id), id).toBe(status);
    const extra = varied.runs.filter((r) => r.scenario.variant !== undefined);
    expect(extra.filter((r) => r.scenario.variant === 'example').length).toBeGreaterThan(5);
    expect(extra.some((r) => r.scenario.id.endsWith('[boundary path]'))).toBe(true);
    // every request actually sent by the examples of one operation differs from the others
    const byEndpoint = new Map<string, Set<string>>();
    for (const r of varied.runs) {
      if (!r.request || r.scenario.variant === 'boundary') continue;
      const sent = `${r.request.path} ${r.request.body ?? ''}`;
      const seen = byEndpoint.get(r.scenario.endpoint) ?? new Set();
      expect(seen.has(sent), `${r.scenario.id} repeats a request`).toBe(false);
      seen.add(sent);
      byEndpoint.set(r.scenario.endpoint, seen);
    }
    // extra examples pass on 2xx/4xx: the fixture refuses or accepts them, it does not crash on them
    // except where the positive scenario already crashes
    const crashing = new Set(
      varied.runs
        .filter((r) => r.scenario.variant === undefined && r.status === 'failed')
        .map((r) => r.scenario.endpoint),
    );
    for (const r of extra.filter((x) => x.scenario.variant === 'example' && x.status === 'failed')) {
      expect(
        crashing.has(r.scenario.endpoint) || (r.response?.ok && r.response.status >= 500),
        `${r.scenario.id}: ${r.failure?.message}`,
      ).toBe(true);
    }
    // variants run after every positive scenario that is not a delete
    const order = varied.plan.scenarios;
    const lastPositive = Math.max(
      ...order.flatMap((s, i) => (s.variant === undefined && s.role !== 'delete' ? [i] : [])),
    );
    expect(order.findIndex((s) => s.variant !== undefined)).toBeGreaterThan(lastPositive);
  }, 90_000);
});
