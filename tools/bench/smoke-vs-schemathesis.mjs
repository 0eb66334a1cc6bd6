#!/usr/bin/env node
// smoke-repair's HTTP smoke versus Schemathesis (from PyPI) on the same running demo-shop, at a
// matched number of requests, measured in one run of this script:
//   1. Schemathesis (own venv, installed on first use) with --max-examples N per operation,
//      positive data, one worker;
//   2. our smoke (`node apps/cli/dist/cli.js smoke`, concurrency 1) ONCE, with
//      smoke.examplesPerOperation chosen as the smallest value whose plan has at least as many
//      scenarios as Schemathesis sent requests (`--examples auto`, the default; or a number).
//      `--legacy`: the old way, one example per operation and the CLI repeated until the counts match.
// Requests are counted from the app's own access log (one line per request), for both tools
// alike. Distinct 5xx root causes = distinct signature hashes of the tracebacks the server
// logged during each tool's phase, read by our log parser (`cli.js parse-logs LOG --json`).
// Runner overhead = the part of our wall time not spent waiting for responses (1 - sum of the
// scenario durations / wall time; concurrency 1 makes that sum the time on the wire), split into
// process (Node start-up, module load, reports: wall - SmokeResult.durationMs) and in-run
// (preflight, OpenAPI load, generation, log settle, attribution). `--repeat R` runs the whole
// comparison R times (the app restarted before each) and reports medians.
//
//   node tools/bench/smoke-vs-schemathesis.mjs [--max-examples 5] [--examples auto|N] [--repeat 1] [--fresh]
//     [--no-boundary] [--legacy] [--cli PATH] [--dir /tmp/smoke-repair-bench] [--venv DIR]
// Needs: the CLI built (`npx nx build cli`) and libs/smoke-validator built (the plan size for
// `--examples auto`), PyPI reachable for the first run, python3.
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
    examples: { type: 'string', default: 'auto' },
    repeat: { type: 'string', default: '1' },
    legacy: { type: 'boolean', default: false },
    cli: { type: 'string' },
  },
});
const maxExamples = Number(values['max-examples']);
const dir = values.dir;
const shop = join(root, 'apps/demo-shop');
const cli = values.cli ?? join(root, 'apps/cli/dist/cli.js');
const validatorDist = join(dirname(cli), '..', '..', '..', 'libs/smoke-validator/dist/index.js');
const stVenv = values.venv;
const st = join(stVenv, 'bin/st');
mkdirSync(dir, { recursive: true });

const say = (msg) => process.stderr.write(`[bench] ${msg}\n`);
if (!existsSync(cli)) throw new Error(`${cli} is missing: build the CLI first (npx nx build cli)`);

// 1. Tools: Schemathesis in its own venv, demo-shop's venv.
if (!existsSync(st)) {
  say(`installing schemathesis into ${stVenv}`);
  execFileSync('python3', ['-m', 'venv', stVenv], { stdio: 'inherit' });
  execFileSync(join(stVenv, 'bin/pip'), ['install', '-q', '--disable-pip-version-check', 'schemathesis'], {
    stdio: 'inherit',
  });
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
  const out = spawnSync('node', [cli, 'parse-logs', segment, '--json', '--app-root', shop], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const traces = JSON.parse(out.stdout || '[]');
  const signatures = new Set(traces.map((t) => t.signature.hash));
  const keys = [
    ...new Set(
      traces.map(
        (t) => `${t.exception.type}@${t.culprit ? `${t.culprit.file.replace(`${shop}/`, '')}:${t.culprit.line}` : '?'}`,
      ),
    ),
  ];
  return { name, wallMs, requests, fiveXx, traces: traces.length, signatures: signatures.size, keys, ...extra };
}

// 3. One comparison: Schemathesis, then our smoke (one run, or --legacy repeated runs).
const config = join(dir, 'smoke-repair.config.json');
const writeConfig = (examplesPerOperation) =>
  writeFileSync(
    config,
    JSON.stringify(
      {
        app: { root: shop, logFile: serverLog },
        smoke: {
          baseUrl: base,
          openapi: '/openapi.json',
          concurrency: 1,
          logSettleMs: 100,
          boundaryScenarios: !values['no-boundary'],
          ...(examplesPerOperation > 1 ? { examplesPerOperation } : {}),
        },
        artifactsDir: join(dir, 'artifacts'),
      },
      null,
      2,
    ),
  );

/** The smallest examplesPerOperation whose plan has at least `requests` scenarios (built smoke-validator). */
async function examplesFor(requests) {
  if (values.examples !== 'auto') return Number(values.examples);
  const lib = await import(validatorDist);
  const api = lib.buildApiModel(await (await fetch(`${base}/openapi.json`)).json(), 'openapi.json');
  for (let n = 1; n <= 50; n++) {
    if (lib.generateScenarios(api, { examplesPerOperation: n, boundary: !values['no-boundary'] }).length >= requests)
      return n;
  }
  return 50;
}

async function compareOnce() {
  if (values.fresh) await restartServer();
  const stRun = await phase('schemathesis', async () => {
    const args = [
      'run',
      `${base}/openapi.json`,
      '--max-examples',
      String(maxExamples),
      '--mode',
      'positive',
      '--phases',
      'examples,fuzzing',
      '--workers',
      '1',
      '--seed',
      values.seed,
      '--no-shrink',
      '--checks',
      'not_a_server_error',
      '--continue-on-failure',
      '--report-dir',
      join(dir, 'st-report'),
    ];
    const res = spawnSync(st, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
    writeFileSync(join(dir, 'schemathesis.out'), `${res.stdout}\n${res.stderr}`);
    return { command: `st ${args.join(' ')}` };
  });
  say(`schemathesis: ${stRun.requests} requests in ${(stRun.wallMs / 1000).toFixed(2)} s`);
  if (values.fresh) await restartServer();
  const examples = values.legacy ? 1 : await examplesFor(stRun.requests);
  writeConfig(examples);
  let runs = 0;
  let onWireMs = 0;
  let inRunMs = 0;
  const ours = await phase('smoke-repair', async () => {
    let sent = 0;
    while (runs === 0 || (values.legacy && sent < stRun.requests)) {
      const before = statSync(serverLog).size;
      const res = spawnSync('node', [cli, 'smoke', '--config', config, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      if (res.status !== 0 && res.status !== 1) throw new Error(`smoke failed (exit ${res.status}):\n${res.stderr}`);
      const result = JSON.parse(res.stdout);
      onWireMs += result.scenarios.reduce((sum, s) => sum + s.durationMs, 0);
      inRunMs += result.durationMs;
      runs += 1;
      if (values.legacy) {
        await new Promise((r) => setTimeout(r, 50));
        sent += readFileSync(serverLog)
          .subarray(before)
          .toString('utf8')
          .split('\n')
          .filter((l) => /request_id=\S+ method=/.test(l)).length;
      }
    }
    return { command: `node ${cli} smoke --config ${config} --json  (x${runs})` };
  });
  say(
    `smoke-repair: ${ours.requests} requests in ${(ours.wallMs / 1000).toFixed(2)} s (${runs} run(s), ` +
      `examplesPerOperation ${examples})`,
  );
  // A CLI built before runSmoke passed smoke.examplesPerOperation on sends one example per operation.
  if (!values.legacy && examples > 1 && ours.requests < stRun.requests / 2)
    say(
      `WARNING: ${ours.requests} requests for ${stRun.requests} planned: does this CLI build honour ` +
        `smoke.examplesPerOperation?`,
    );
  const processMs = ours.wallMs - inRunMs;
  return {
    st: stRun,
    ours,
    runs,
    examples,
    overhead: 1 - onWireMs / ours.wallMs,
    processMs: processMs / runs,
    inRunMs: (inRunMs - onWireMs) / runs,
  };
}

const reps = [];
for (let i = 0; i < Number(values.repeat); i++) reps.push(await compareOnce());
stopServer();

// 4. Report: medians over the repetitions (each row's own counts; signatures are the union's size per tool).
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const summary = (pick) => {
  const rows = reps.map(pick);
  return {
    requests: median(rows.map((r) => r.requests)),
    wall: median(rows.map((r) => r.wallMs / 1000)),
    rps: median(rows.map((r) => r.requests / (r.wallMs / 1000))),
    fiveXx: median(rows.map((r) => r.fiveXx)),
    signatures: median(rows.map((r) => r.signatures)),
    keys: [...new Set(rows.flatMap((r) => r.keys))],
  };
};
const stSum = summary((r) => r.st);
const ourSum = summary((r) => r.ours);
const row = (name, r) => [name, r.requests, r.wall.toFixed(2), r.rps.toFixed(1), r.fiveXx, r.signatures];
const table = [
  ['tool', 'requests', 'wall s', 'req/s', '5xx responses', 'distinct 5xx signatures'],
  row('schemathesis', stSum),
  row('smoke-repair', ourSum),
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
const mode = values.legacy
  ? `${reps[0].runs} runs of 1 example/op`
  : `1 run, examplesPerOperation ${[...new Set(reps.map((r) => r.examples))].join('/')}`;
console.log(
  `\n${stVersion}; demo-shop ` +
    `(${base}, ${values.fresh ? 'restarted before each tool' : 'one app, Schemathesis first'}); ` +
    `--max-examples ${maxExamples}; ours: ${mode} at concurrency ` +
    `1${values['no-boundary'] ? '' : ', with boundary scenarios'}; medians of ${reps.length}\n`,
);
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));
const perRep = reps.map((r) => `${(r.st.wallMs / 1000).toFixed(2)}/${(r.ours.wallMs / 1000).toFixed(2)} s`).join(', ');
console.log(`\nper repetition (schemathesis/ours wall): ${perRep}`);
console.log(
  `our runner overhead: ${(median(reps.map((r) => r.overhead)) * 100).toFixed(1)}% of the run; per smoke run ` +
    `outside requests ${median(reps.map((r) => r.processMs + r.inRunMs)).toFixed(0)} ms = ` +
    `process ${median(reps.map((r) => r.processMs)).toFixed(0)} ms (Node start-up, module load, reports) + ` +
    `in-run ${median(reps.map((r) => r.inRunMs)).toFixed(0)} ms (preflight, OpenAPI load, generation, log settle, ` +
    `attribution)`,
);
console.log(
  `speed: ours ${median(reps.map((r) => r.st.wallMs / r.ours.wallMs)).toFixed(2)}x Schemathesis by wall ` +
    `time, ${median(reps.map((r) => r.ours.requests / r.ours.wallMs / (r.st.requests / r.st.wallMs))).toFixed(2)}x ` +
    `by requests/s`,
);
console.log(`\nroot causes (type@culprit) — schemathesis: ${stSum.keys.join(', ') || 'none'}`);
console.log(`root causes (type@culprit) — smoke-repair: ${ourSum.keys.join(', ') || 'none'}`);
const missing = stSum.keys.filter((k) => !ourSum.keys.includes(k));
console.log(
  `found by schemathesis only: ${missing.join(', ') || 'none'}; by smoke-repair ` +
    `only: ${ourSum.keys.filter((k) => !stSum.keys.includes(k)).join(', ') || 'none'}`,
);
console.log(`\nlogs and outputs: ${dir}`);
