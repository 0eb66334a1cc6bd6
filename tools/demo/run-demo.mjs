#!/usr/bin/env node
// The README's main command (`npm run demo`): copies apps/demo-shop to a scratch directory,
// makes sure its venv exists, and runs the repair loop on the copy with the file pattern store
// and no LLM, printing the seed's table before and after. A second run on a fresh copy, with the
// same store, shows the learned patterns at work (strategy "pattern").
//
//   node tools/demo/run-demo.mjs [--json] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const json = process.argv.includes('--json');
const keep = process.argv.includes('--keep');
const shop = join(root, 'apps', 'demo-shop');
const cli = join(root, 'apps', 'cli', 'dist', 'cli.js');
const say = (text) => process.stderr.write(`${text}\n`);

say("demo: preparing demo-shop's venv (PyPI, first time only)…");
execFileSync('bash', [join(shop, 'scripts', 'setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });

const scratch = mkdtempSync(join(tmpdir(), 'smoke-repair-demo-'));
const store = `file:${join(scratch, 'patterns.jsonl')}`;
const skip = new Set(['.venv', 'artifacts', '__pycache__', '.pytest_cache', '.smoke-repair']);
const results = [];
try {
  for (const run of ['first', 'second']) {
    const copy = join(scratch, `${run}-run`, 'demo-shop');
    cpSync(shop, copy, { recursive: true, filter: (src) => !skip.has(src.split('/').at(-1)) });
    symlinkSync(join(shop, '.venv'), join(copy, '.venv'));
    say(`\ndemo: ${run} run on a fresh copy: ${copy}`);
    const args = [
      cli,
      'run',
      '--config',
      join(copy, 'smoke-repair.config.json'),
      '--store',
      store,
      '--strategies',
      'pattern,recipe',
      '--json',
    ];
    const child = spawnSync(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0 && child.status !== 1) {
      say(`demo: the ${run} run failed (exit ${child.status})`);
      process.exit(child.status ?? 3);
    }
    const result = JSON.parse(child.stdout);
    results.push(result);
    if (!json) say(table(result, run));
  }
  if (json) process.stdout.write(`${JSON.stringify({ firstRun: results[0], secondRun: results[1] }, null, 2)}\n`);
  else {
    const strategies = (r) => r.iterations.flatMap((i) => i.patches.map((p) => p.strategy));
    const count = (r, s) => strategies(r).filter((x) => x === s).length;
    say(
      `\nlearning: the first run's fixes came from recipes (${count(results[0], 'recipe')}), the second run's from ` +
        `known patterns (${count(results[1], 'pattern')} of ${strategies(results[1]).length}).`,
    );
    say(
      `patterns: ${readFileSync(join(scratch, 'patterns.jsonl'), 'utf8').split('\n').filter(Boolean).length} events ` +
        `in ${store}`,
    );
  }
  process.exitCode = results.every((r) => r.outcome !== 'escalated') ? 0 : 1;
} finally {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
  else say(`demo: kept ${scratch}`);
}

function table(r, run) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const rows = [
    ['Smoke pass rate', pct(r.initial.passRate), pct(r.final.passRate)],
    ['5xx errors', r.initial.serverErrors, r.final.serverErrors],
    ['Repair triggered', '-', r.iterations.length > 0 ? 'yes' : 'no'],
    ['Fixes applied', 0, r.fixesApplied],
    ['Patterns promoted', 0, r.patternsPromoted],
    ['Iterations', '-', r.iterations.length],
  ];
  const lines = rows.map(
    ([a, b, c]) => `| ${String(a).padEnd(17)} | ${String(b).padEnd(7)} | ${String(c).padEnd(7)} |`,
  );
  return [
    `\n${run} run: ${r.outcome} — ${r.stopReason}`,
    `| ${'Metric'.padEnd(17)} | Before  | After   |`,
    `| ${'-'.repeat(17)} | ------- | ------- |`,
    ...lines,
  ].join('\n');
}
