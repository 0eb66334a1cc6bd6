#!/usr/bin/env node
// smoke-repair's HTTP smoke versus Schemathesis (from PyPI) on the same running demo-shop, at a
// matched number of requests, measured in one run of this script:
//   1. Schemathesis (own venv, installed on first use) with --max-examples N per operation,
//      positive data, one worker;
//   2. our smoke (`node apps/cli/dist/cli.js smoke`, concurrency 1) repeated until it has sent
//      as many requests as Schemathesis did.
// Requests are counted from the app's own access log (one line per request), for both tools
// alike. Distinct 5xx root causes = distinct signature hashes of the tracebacks the server
// logged during each tool's phase, read by our log parser (`cli.js parse-logs LOG --json`).
// Runner overhead = the part of our wall time not spent waiting for responses (1 - sum of the
// scenario durations / wall time; concurrency 1 makes that sum the time on the wire).
//
//   node tools/bench/smoke-vs-schemathesis.mjs [--max-examples 5] [--fresh] [--no-boundary] [--dir /tmp/smoke-repair-bench] [--venv DIR]
// Needs: the CLI built (`npx nx build cli`), PyPI reachable for the first run, python3.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '5' },
    dir: { type: 'string', default: '/tmp/smoke-repair-bench' },
    seed: { type: 'string', default: '1' },
    venv: { type: 'string', default: '/tmp/smoke-repair-bench/venv-schemathesis' },
    // demo-shop rebuilds its database at start-up: restart it between the tools so both see the
    // same fresh state (default: one app for both, Schemathesis first).
    fresh: { type: 'boolean', default: false },
    // our side adds boundary scenarios (smoke.boundaryScenarios: extreme schema-valid values, as
    // Schemathesis' generated data reaches them); --no-boundary: positive scenarios only.
    'no-boundary': { type: 'boolean', default: false },
  },
});
const maxExamples = Number(values['max-examples']);
const dir = values.dir;
const shop = join(root, 'apps/demo-shop');
const cli = join(root, 'apps/cli/dist/cli.js');
const stVenv = values.venv;
const st = join(stVenv, 'bin/st');
mkdirSync(dir, { recursive: true });

const say = (msg) => process.stderr.write(`[bench] ${msg}\n`);
if (!existsSync(cli)) throw new Error(`${cli} is missing: build the CLI first (npx nx build cli)`);

// 1. Tools: Schemathesis in its own venv, demo-shop's venv.
if (!existsSync(st)) {
  say(`installing schemathesis into ${stVenv}`);
  execFileSync('python3', ['-m', 'venv', stVenv], { stdio: 'inherit' });
  execFileSync(join(stVenv, 'bin/pip'), ['install', '-q', '--disable-pip-version-check', 'schemathesis'], { stdio: 'inherit' });
}
const stVersion = execFileSync(st, ['--version'], { encoding: 'utf8' }).trim();
execFileSync('bash', [join(shop, 'scripts/setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });

// 2. demo-shop (its output appended to server.log); its whole process group is stopped on exit.
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const serverLog = join(dir, 'server.log');
writeFileSync(serverLog, '');
let server = null;
const stopServer = () => {
  if (!server) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  server = null;
};
process.on('exit', stopServer);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function startServer() {
  const logFd = openSync(serverLog, 'a');
  server = spawn('bash', [join(shop, 'scripts/serve.sh')], {
    env: { ...process.env, PORT: String(port), PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error(`demo-shop did not start; see ${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function restartServer() {
  const pid = server.pid;
  stopServer();
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await startServer();
}

await startServer();
say(`demo-shop on ${base}`);

/** Runs `fn` and returns what the server logged meanwhile plus the wall time. */
async function phase(name, fn) {
  const start = statSync(serverLog).size;
  const t0 = performance.now();
  const extra = await fn();
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300)); // let the last log lines land
  const text = readFileSync(serverLog).subarray(start).toString('utf8');
  const segment = join(dir, `${name}.server.log`);
  writeFileSync(segment, text);
  const access = text.split('\n').filter((l) => /request_id=\S+ method=\S+ path=\S+ status=\d+/.test(l));
  const requests = access.length;
  const fiveXx = access.filter((l) => / status=5\d\d/.test(l)).length;
  const out = spawnSync('node', [cli, 'parse-logs', segment, '--json', '--app-root', shop], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const traces = JSON.parse(out.stdout || '[]');
  const signatures = new Set(traces.map((t) => t.signature.hash));
  const keys = [...new Set(traces.map((t) => `${t.exception.type}@${t.culprit ? `${t.culprit.file.replace(`${shop}/`, '')}:${t.culprit.line}` : '?'}`))];
  return { name, wallMs, requests, fiveXx, traces: traces.length, signatures: signatures.size, keys, ...extra };
}

// 3. Schemathesis.
const stResult = await phase('schemathesis', async () => {
  const args = ['run', `${base}/openapi.json`, '--max-examples', String(maxExamples), '--mode', 'positive', '--phases', 'examples,fuzzing',
    '--workers', '1', '--seed', values.seed, '--no-shrink', '--checks', 'not_a_server_error', '--continue-on-failure', '--report-dir', join(dir, 'st-report')];
  const res = spawnSync(st, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  writeFileSync(join(dir, 'schemathesis.out'), `${res.stdout}\n${res.stderr}`);
  return { command: `st ${args.join(' ')}` };
});
say(`schemathesis: ${stResult.requests} requests in ${(stResult.wallMs / 1000).toFixed(2)} s`);

// 4. Our smoke, repeated to the same request count.
if (values.fresh) await restartServer();
const config = join(dir, 'smoke-repair.config.json');
writeFileSync(config, JSON.stringify({
  app: { root: shop, logFile: serverLog },
  smoke: { baseUrl: base, openapi: '/openapi.json', concurrency: 1, logSettleMs: 100, boundaryScenarios: !values['no-boundary'] },
  artifactsDir: join(dir, 'artifacts'),
}, null, 2));
let ourRuns = 0;
let onWireMs = 0;
const ours = await phase('smoke-repair', async () => {
  let sent = 0;
  while (sent < stResult.requests || ourRuns === 0) {
    const before = statSync(serverLog).size;
    const res = spawnSync('node', [cli, 'smoke', '--config', config, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (res.status !== 0 && res.status !== 1) throw new Error(`smoke failed (exit ${res.status}):\n${res.stderr}`);
    const result = JSON.parse(res.stdout);
    onWireMs += result.scenarios.reduce((sum, s) => sum + s.durationMs, 0);
    await new Promise((r) => setTimeout(r, 50));
    sent += readFileSync(serverLog).subarray(before).toString('utf8').split('\n').filter((l) => /request_id=\S+ method=/.test(l)).length;
    ourRuns += 1;
  }
  return { command: `node apps/cli/dist/cli.js smoke --config ${config} --json  (x${ourRuns})` };
});
stopServer();

// 5. Report.
const row = (r) => [r.name, r.requests, (r.wallMs / 1000).toFixed(2), (r.requests / (r.wallMs / 1000)).toFixed(1), r.fiveXx, r.signatures];
const table = [['tool', 'requests', 'wall s', 'req/s', '5xx responses', 'distinct 5xx signatures'], row(stResult), row(ours)];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(`\n${stVersion}; demo-shop (${base}, ${values.fresh ? 'restarted between the tools' : 'one app, Schemathesis first'}); --max-examples ${maxExamples}; ours: ${ourRuns} runs at concurrency 1${values['no-boundary'] ? '' : ', with boundary scenarios'}\n`);
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));
const overhead = 1 - onWireMs / ours.wallMs;
console.log(`\nour runner overhead: ${(overhead * 100).toFixed(1)}% of the run (${((ours.wallMs - onWireMs) / ourRuns).toFixed(0)} ms per smoke run outside requests: node start-up, OpenAPI load, preflight, log settle, reports)`);
console.log(`speed at equal request count: ours ${(stResult.wallMs / ours.wallMs).toFixed(2)}x Schemathesis`);
console.log(`\nroot causes (type@culprit) — schemathesis: ${stResult.keys.join(', ') || 'none'}`);
console.log(`root causes (type@culprit) — smoke-repair: ${ours.keys.join(', ') || 'none'}`);
console.log(`\nlogs and outputs: ${dir}`);
