#!/usr/bin/env node
// find-known-fixes latency of the pattern store (file and Neo4j backends) with 1k, 10k and 100k
// stored patterns: p50 / p95 / p99 over 1000 queries after 200 warm-up queries. Not a test.
//
//   npx nx build pattern-store
//   node tools/bench/pattern-store-bench.mjs [--sizes 1000,10000,100000] [--backends file,neo4j]
//        [--queries 1000] [--neo4j-port 7689] [--keep-data]
//
// The Neo4j run uses its own launcher instance (default port 7689, started with
// tools/neo4j/start.sh on a fresh data directory, tools/neo4j/.run/PORT/db, and stopped at the end).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { endpointShape, openPatternStore, patternId, silentLogger } from '@smoke-repair/pattern-store';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    backends: { type: 'string', default: 'file,neo4j' },
    queries: { type: 'string', default: '1000' },
    'neo4j-port': { type: 'string', default: '7689' },
    // Measure again on the data a previous run left in the bench instance (no wipe, no load).
    'keep-data': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const queries = Number(values.queries);
const password = process.env.SMOKE_REPAIR_NEO4J_PASSWORD ?? 'smoke-repair-dev';

// Deterministic pseudo-random numbers, so both backends hold the same data.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (list) => list[Math.floor(random() * list.length)];

const collections = ['products', 'customers', 'carts', 'orders', 'items', 'users', 'payments', 'invoices'];
const paths = collections.flatMap((c) => [`/${c}`, `/${c}/{id}`, `/${c}/{id}/items`, `/${c}/{id}/pay`]);
const methods = ['GET', 'POST', 'PUT', 'DELETE'];
const kinds = ['500', '404', '422'];
const classesFor = (n) => Math.max(10, Math.floor(n / 10));

/** Events for patterns [from, to): one attempt and one outcome each (80% fixed). */
function* events(from, to) {
  for (let i = from; i < to; i += 1) {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
    const method = pick(methods);
    const path = pick(paths);
    const pattern = {
      signatureClass: `class-${i % classesFor(100_000)}`,
      language: 'python',
      template: { edit: 'guard', n: i },
    };
    const id = `bench-${i}`;
    yield {
      v: 1,
      type: 'attempt',
      id,
      at,
      strategy: 'recipe',
      patternId: patternId(pattern),
      pattern,
      signature: {
        hash: `h-${i % 5000}`,
        key: `E@app.py:1 f: m${i % 5000}`,
        exceptionType: 'IntegrityError',
        message: 'm',
      },
      context: {
        app: `app-${i % 50}`,
        method,
        path,
        endpointShape: endpointShape(method, path),
        errorKind: pick(kinds),
      },
    };
    yield {
      v: 1,
      type: 'outcome',
      id: `outcome:${id}`,
      at,
      attemptId: id,
      outcome: random() < 0.8 ? 'fixed' : 'not_fixed',
    };
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(store, stored) {
  const query = () => ({
    signatureClass:
      `class` + `-${Math.floor(random() * classesFor(100_000)) % Math.max(1, Math.min(stored, classesFor(100_000)))}`,
    endpoint: { method: pick(methods), path: pick(paths) },
    errorKind: pick(kinds),
  });
  for (let i = 0; i < 200; i += 1) await store.findKnownFixes(query());
  const times = [];
  let answers = 0;
  for (let i = 0; i < queries; i += 1) {
    const q = query();
    const start = performance.now();
    answers += (await store.findKnownFixes(q)).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  // A find right after a write (the memory/file backends re-sort an index entry once per change).
  const afterWrite = [];
  for (let i = 0; i < 50; i += 1) {
    const [attempt] = events(10_000_000 + stored * 100 + i, 10_000_000 + stored * 100 + i + 1);
    await store.importEvents([{ ...attempt, id: `bench-write-${stored}-${i}` }]);
    const start = performance.now();
    await store.findKnownFixes({
      ...query(),
      endpointShape: attempt.context.endpointShape,
      errorKind: attempt.context.errorKind,
    });
    afterWrite.push(performance.now() - start);
  }
  afterWrite.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    afterWriteP50: percentile(afterWrite, 50),
    avgAnswers: answers / queries,
  };
}

async function run(backend, open) {
  const results = [];
  const store = await open();
  let stored = 0;
  for (const size of sizes) {
    const started = performance.now();
    if ((await store.stats()).patterns < size) await store.importEvents(events(stored, size));
    else for (const _ of events(stored, size)); // keeps the random sequence identical
    const loadS = (performance.now() - started) / 1000;
    stored = size;
    const m = await measure(store, stored);
    const row = {
      backend,
      patterns: size,
      loadS: +loadS.toFixed(1),
      ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, +v.toFixed(2)])),
    };
    console.log(JSON.stringify(row));
    results.push(row);
  }
  await store.close();
  return results;
}

const all = [];
if (values.backends.includes('file')) {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-'));
  try {
    all.push(
      ...(await run('file', () => openPatternStore(`file:${join(dir, 'patterns.jsonl')}`, { logger: silentLogger }))),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (values.backends.includes('neo4j')) {
  const port = values['neo4j-port'];
  const env = { ...process.env, SMOKE_REPAIR_NEO4J_PASSWORD: password };
  // A fresh database: stop the bench instance, drop its data directory, start it again.
  if (!values['keep-data']) {
    execFileSync('bash', [join(root, 'tools/neo4j/stop.sh'), '--port', port], { stdio: 'inherit' });
    rmSync(join(root, 'tools/neo4j/.run', port, 'db'), { recursive: true, force: true });
  }
  execFileSync('bash', [join(root, 'tools/neo4j/start.sh'), '--port', port], { stdio: 'inherit', env });
  try {
    const url = `neo4j://127.0.0.1:${port}`;
    all.push(...(await run('neo4j', () => openPatternStore(url, { env, fallback: false, logger: silentLogger }))));
  } finally {
    execFileSync('bash', [join(root, 'tools/neo4j/stop.sh'), '--port', port], { stdio: 'inherit' });
  }
}
console.log(
  '\n| backend | patterns | p50 ms | p95 ms | p99 ms | p50 right after a write, ms | load s |\n' +
    '|---|---:|---:|---:|---:|---:|---:|',
);
for (const r of all)
  console.log(`| ${r.backend} | ${r.patterns} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.afterWriteP50} | ${r.loadS} |`);
