#!/usr/bin/env node
// Regression isolation one patch at a time (loop.parallelism 1) against parallel lanes (2), on
// the same app and the same patches: the suite's tiny stdlib app with four broken endpoints, an
// agent command that fixes each, and whose fix of one also breaks a passing endpoint — so the
// first round (four patches) regresses and the loop isolates. The app sleeps --start-delay
// seconds before it listens (a real framework takes 1–3 s). Each setting runs --runs times
// (default 3), alternating; the table shows the loop's wall time (median and every run), and
// checks that both settings kept the same three patches and rolled back the same one.
//
//   npx nx run cli:build && node tools/bench/lanes-isolation.mjs [--runs 3] [--start-delay 1.5]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'start-delay': { type: 'string', default: '1.5' } },
});
const runs = Number(values.runs);
const cli = join(root, 'apps', 'cli', 'bin', 'smoke-repair.mjs');
const tiny = join(root, 'tests', 'loop-controller-integration', 'fixtures', 'tiny-app');
const base = mkdtempSync(join(tmpdir(), 'bench-lanes-'));

const ROUTES = `"""Four endpoints broken by name errors; /stock works."""
import os
import time

time.sleep(float(os.environ.get("BENCH_START_DELAY", "0")))


def items():
    rows = [{"id": 1}]
    return 200, {"items": rows, "total": len(row)}


def prices():
    return 200, {"tea": price}


def orders():
    return 200, {"orders": order_list}


def users():
    return 200, {"users": user_list}


def stock():
    return 200, {"in_stock": 3}


ROUTES = {"/items": items, "/prices": prices, "/orders": orders, "/users": users, "/stock": stock}
`;
// The agent (tools/bench/lanes-agent.py, inside the repo: agents run confined and read only what is mounted).
const agent = join(root, 'tools', 'bench', 'lanes-agent.py');

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function once(parallelism, n) {
  const dir = join(base, `p${parallelism}-${n}`, 'tiny-app');
  cpSync(tiny, dir, { recursive: true });
  writeFileSync(join(dir, 'routes.py'), ROUTES);
  const scenarios = ['items', 'prices', 'orders', 'users', 'stock'].map((id) => ({
    id,
    request: { method: 'GET', path: `/${id}` },
    expect: { status: 200 },
  }));
  writeFileSync(join(dir, 'scenarios.json'), JSON.stringify({ mode: 'replace', scenarios }));
  const config = {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['python3', '-B', 'server.py'],
        port: await freePort(),
        env: { BENCH_START_DELAY: values['start-delay'] },
        readiness: { path: '/health', timeoutMs: 30_000, intervalMs: 50 },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000 },
    artifactsDir: join(base, `p${parallelism}-${n}`, 'artifacts'),
    loop: { timeBudgetMs: 300_000, parallelism },
    repair: { strategies: ['command'], command: { command: ['python3', '-B', agent], timeoutMs: 30_000 } },
    patterns: { store: 'memory:' },
  };
  writeFileSync(join(dir, 'smoke-repair.config.json'), JSON.stringify(config));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, 'run', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = JSON.parse(run.stdout);
  const outcomes = result.iterations[0].patches
    .map((p) => p.outcome)
    .sort()
    .join(',');
  const routes = readFileSync(join(dir, 'routes.py'), 'utf8');
  if (process.env.BENCH_DEBUG) process.stderr.write(`${run.stderr}\n${routes}\n`);
  return {
    seconds,
    outcomes,
    kept: ['len(rows)}', '{"tea": 2.5}', '{"users": []}'].every((s) => routes.includes(s)) && !routes.includes('3 / 0'),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { 1: [], 2: [] };
const seen = new Set();
try {
  for (let n = 0; n < runs; n++) {
    for (const parallelism of [1, 2]) {
      const r = await once(parallelism, n);
      if (!r.kept) throw new Error(`parallelism ${parallelism}: the tree does not hold exactly the three good fixes`);
      seen.add(r.outcomes);
      times[parallelism].push(r.seconds);
      process.stderr.write(`run ${n + 1}, parallelism ${parallelism}: ${r.seconds.toFixed(1)} s (${r.outcomes})\n`);
    }
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
if (seen.size !== 1) throw new Error(`the settings disagreed on the verdicts: ${[...seen].join(' / ')}`);
const fmt = (xs) => `${median(xs).toFixed(1)} s (${xs.map((x) => x.toFixed(1)).join(', ')})`;
console.log(
  `| loop.parallelism | loop wall time, median (runs) |\n|---|---|\n| 1 (one at a time) | ${fmt(times[1])} |\n` +
    `| 2 (lanes) | ${fmt(times[2])} |`,
);
console.log(
  `ratio 2/1: ${(median(times[2]) / median(times[1])).toFixed(2)}; start delay ${values['start-delay']} s; ` +
    `verdicts ${[...seen][0]}`,
);
