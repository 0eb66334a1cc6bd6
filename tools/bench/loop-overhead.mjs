#!/usr/bin/env node
// Loop orchestration overhead and the demo's end-to-end wall time.
//
// 1. Overhead: runRepairLoop on a fresh copy of apps/demo-shop (as the demo does: recipes and
//    learned patterns, a fresh file store per run, no LLM), with the app runner and the loop's
//    ports wrapped in timers (`instrument`): app start/restart/stop, every smoke run (including
//    its freshness probe), every repair-agent call (the fixers). Overhead = loop wall time minus
//    the union of those intervals — what the controller itself costs: checkpoints and journal,
//    patch application, regression checks, learning in the pattern store, accepted.patch,
//    loop.json, loop.html and the re-rendered smoke.html. Goal: under 5% of the whole.
// 2. The demo (`node tools/demo/run-demo.mjs --json`: two loop runs on fresh copies, via the
//    CLI bundle) end to end, as a user sees it.
// Each is run --runs times (default 3); the table shows medians (and every run).
//
//   npx nx run-many -t build -p loop-controller cli &&
//     node tools/bench/loop-overhead.mjs [--runs 3] [--skip-demo] [--json]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'skip-demo': { type: 'boolean' }, json: { type: 'boolean' } },
});
const runs = Number(values.runs);
const shop = join(root, 'apps', 'demo-shop');
const say = (text) => process.stderr.write(`${text}\n`);
const { loadRepairLoopConfig, runRepairLoop } = await import(
  pathToFileURL(join(root, 'libs', 'loop-controller', 'dist', 'index.js')).href
);

say("bench: preparing demo-shop's venv (first time only)…");
execFileSync('bash', [join(shop, 'scripts', 'setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });

/** Total length of the union of [start, end] intervals. */
function unionMs(intervals) {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [-Infinity, -Infinity];
  for (const [s, e] of sorted) {
    if (s > end) {
      if (end > start) total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  return total + (end > start ? end - start : 0);
}

async function overheadRun(index) {
  const scratch = mkdtempSync(join(tmpdir(), 'smoke-repair-bench-loop-'));
  const copy = join(scratch, 'demo-shop');
  const skip = new Set(['.venv', 'artifacts', '__pycache__', '.pytest_cache', '.smoke-repair']);
  cpSync(shop, copy, { recursive: true, filter: (src) => !skip.has(src.split('/').at(-1)) });
  symlinkSync(join(shop, '.venv'), join(copy, '.venv'));
  const loaded = await loadRepairLoopConfig(join(copy, 'smoke-repair.config.json'));
  const config = {
    ...loaded,
    repair: { ...loaded.repair, strategies: ['pattern', 'recipe'] },
    patterns: { ...loaded.patterns, store: `file:${join(scratch, 'patterns.jsonl')}` },
  };
  const spans = { app: [], smoke: [], fixer: [] };
  const timed =
    (kind, fn) =>
    async (...args) => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        spans[kind].push([start, performance.now()]);
      }
    };
  const instrument = {
    runner: (runner) =>
      new Proxy(runner, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (key === 'start' || key === 'restart' || key === 'stop') return timed('app', value.bind(target));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    deps: (deps) => ({
      ...deps,
      smoke: timed('smoke', deps.smoke),
      restart: timed('app', deps.restart),
      repair: timed('fixer', deps.repair),
    }),
  };
  const started = performance.now();
  const result = await runRepairLoop(config, { instrument });
  const totalMs = performance.now() - started;
  rmSync(scratch, { recursive: true, force: true });
  const external = unionMs([...spans.app, ...spans.smoke, ...spans.fixer]);
  const row = {
    run: index + 1,
    outcome: result.outcome,
    iterations: result.iterations.length,
    totalMs,
    appMs: unionMs(spans.app),
    smokeMs: unionMs(spans.smoke),
    fixerMs: unionMs(spans.fixer),
    overheadMs: totalMs - external,
    overheadShare: (totalMs - external) / totalMs,
    sandboxCopyMs: result.sandbox?.copyMs ?? 0,
    resets: result.sandbox?.resets ?? 0,
    resetMs: result.sandbox?.resetMs ?? 0,
    sandboxShare: ((result.sandbox?.copyMs ?? 0) + (result.sandbox?.resetMs ?? 0)) / totalMs,
  };
  say(
    `bench: loop run ${row.run}: ${(totalMs / 1000).toFixed(2)} s, overhead ${row.overheadMs.toFixed(0)} ms ` +
      `(${(row.overheadShare * 100).toFixed(2)}%), ${result.outcome} in ${row.iterations} iterations`,
  );
  return row;
}

function demoRun(index) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'tools', 'demo', 'run-demo.mjs'), '--json'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`demo run ${index + 1} exited ${child.status}`);
  const out = JSON.parse(child.stdout);
  const loopsMs = out.firstRun.durationMs + out.secondRun.durationMs;
  say(`bench: demo run ${index + 1}: ${(wallMs / 1000).toFixed(2)} s (loops ${(loopsMs / 1000).toFixed(2)} s)`);
  return { run: index + 1, wallMs, loopsMs };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const loopRows = [];
for (let i = 0; i < runs; i++) loopRows.push(await overheadRun(i));
const demoRows = [];
if (!values['skip-demo']) for (let i = 0; i < runs; i++) demoRows.push(demoRun(i));

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const figures = {
  loop: {
    runs: loopRows,
    median: Object.fromEntries(
      [
        'totalMs',
        'appMs',
        'smokeMs',
        'fixerMs',
        'overheadMs',
        'overheadShare',
        'sandboxCopyMs',
        'resets',
        'resetMs',
        'sandboxShare',
      ].map((k) => [k, median(loopRows.map((r) => r[k]))]),
    ),
  },
  demo: demoRows.length
    ? {
        runs: demoRows,
        median: { wallMs: median(demoRows.map((r) => r.wallMs)), loopsMs: median(demoRows.map((r) => r.loopsMs)) },
      }
    : null,
};
if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
else {
  const m = figures.loop.median;
  const lines = [
    `Loop orchestration overhead on demo-shop (median of ${runs} runs; patterns + recipes, fresh file store)`,
    '',
    '| Measure                                   | Median    | Runs |',
    '| ----------------------------------------- | --------- | ---- |',
    `| Loop wall time                            | ${s(m.totalMs).padEnd(9)} ` +
      `| ${loopRows.map((r) => s(r.totalMs)).join(', ')} |`,
    `| App start / restarts / stop               | ${s(m.appMs).padEnd(9)} ` +
      `| ${loopRows.map((r) => s(r.appMs)).join(', ')} |`,
    `| Smoke runs                                | ${s(m.smokeMs).padEnd(9)} ` +
      `| ${loopRows.map((r) => s(r.smokeMs)).join(', ')} |`,
    `| Fixers (repair agent)                     | ${s(m.fixerMs).padEnd(9)} ` +
      `| ${loopRows.map((r) => s(r.fixerMs)).join(', ')} |`,
    `| Orchestration overhead                    | ${`${m.overheadMs.toFixed(0)} ms`.padEnd(9)} ` +
      `| ${loopRows.map((r) => `${r.overheadMs.toFixed(0)} ms`).join(', ')} |`,
    `| Overhead share (goal < 5%)                | ${`${(m.overheadShare * 100).toFixed(2)}%`.padEnd(9)} ` +
      `| ${loopRows.map((r) => `${(r.overheadShare * 100).toFixed(2)}%`).join(', ')} |`,
    `| Sandbox copy (once per run)               | ${`${m.sandboxCopyMs.toFixed(0)} ms`.padEnd(9)} ` +
      `| ${loopRows.map((r) => `${r.sandboxCopyMs.toFixed(0)} ms`).join(', ')} |`,
    `| Data resets before starts (count / total) | ${`${m.resets} / ${m.resetMs.toFixed(0)} ms`.padEnd(9)} ` +
      `| ${loopRows.map((r) => `${r.resets} / ${r.resetMs.toFixed(0)} ms`).join(', ')} |`,
    `| Sandbox share of the loop (copy + resets) | ${`${(m.sandboxShare * 100).toFixed(2)}%`.padEnd(9)} ` +
      `| ${loopRows.map((r) => `${(r.sandboxShare * 100).toFixed(2)}%`).join(', ')} |`,
    ...(figures.demo
      ? [
          `| Demo end to end (npm run demo, 2 loops)   | ${s(figures.demo.median.wallMs).padEnd(9)} ` +
            `| ${demoRows.map((r) => s(r.wallMs)).join(', ')} |`,
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
