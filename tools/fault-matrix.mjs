#!/usr/bin/env node
// Fault matrix (issue 16): signals × loop phases on a real app, a concurrent second run and a
// foreign listener. Each trial runs the built CLI (`nx run cli:build` first) on a fresh git copy
// of tests/loop-controller-integration/fixtures/chain-app (three recipe-fixable bugs, starts in
// ~100 ms) with its own TMPDIR and XDG_STATE_HOME, sends the signal when the phase's line appears
// on stderr, and then checks:
//   bytes lost — a tracked file that is neither as it was nor as accepted.patch makes it, or a
//                file left in the tree that was not there;
//   leftovers  — a process still running from the trial's folders, the app's port still bound,
//                anything left in the trial's TMPDIR or state directory.
// After SIGKILL the next run (`run --no-apply`) must recover the tree and sweep the leftovers.
//   node tools/fault-matrix.mjs [--quick]     prints one line per trial and the totals; exit 1 unless 0 and 0
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps', 'cli', 'dist', 'cli.js');
const fixture = join(root, 'tests', 'loop-controller-integration', 'fixtures', 'chain-app');
if (!existsSync(cli)) {
  console.error('fault-matrix: build the CLI first (npx nx run cli:build)');
  process.exit(2);
}
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL'];
// The phase a signal lands in, by the first stderr line that shows it.
const PHASES = [
  ['baseline smoke', /^seed /m],
  ['repair', /^\s+repair /m],
  ['patch applied', /\[ok\] applied/],
  ['restart', /\[ok\] restart/],
  ['rollback', /rolled back/],
  ['final write', /^stop /m],
];
const quick = process.argv.includes('--quick');
const base = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
const totals = { trials: 0, bytesLost: 0, leftovers: 0, hung: 0 };

try {
  for (const signal of SIGNALS) for (const [phase, marker] of quick ? PHASES.slice(0, 3) : PHASES) await report(`${signal} at ${phase}`, await signalTrial(signal, marker));
  await report('second run on the same app', await concurrentTrial());
  await report('foreign listener on the port', await foreignListenerTrial());
} finally {
  rmSync(base, { recursive: true, force: true });
}
console.log(`\ntrials ${totals.trials}, bytes lost ${totals.bytesLost}, leftovers ${totals.leftovers}, hung ${totals.hung}`);
process.exit(totals.bytesLost === 0 && totals.leftovers === 0 && totals.hung === 0 ? 0 : 1);

async function report(name, outcome) {
  totals.trials++;
  totals.bytesLost += outcome.lost.length;
  totals.leftovers += outcome.left.length;
  if (outcome.hung) totals.hung++;
  const detail = [...outcome.lost.map((l) => `lost: ${l}`), ...outcome.left.map((l) => `left: ${l}`), outcome.hung ? 'hung' : ''].filter(Boolean).join('; ');
  console.log(`${name.padEnd(36)} exit ${String(outcome.code).padEnd(7)} ${detail || 'ok'}`);
}

async function trialSite(name) {
  const dir = join(base, name.replace(/\W+/g, '-'));
  const app = join(dir, 'app');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  mkdirSync(join(dir, 'state'), { recursive: true });
  cpSync(fixture, app, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(app, 'smoke-repair.config.json'),
    JSON.stringify({
      app: { root: '.', runner: { kind: 'process', command: ['python3', '-B', 'server.py'], port, readiness: { path: '/health', timeoutMs: 15000, intervalMs: 50 }, health: { path: '/health' }, stopTimeoutMs: 2000 } },
      smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5000 },
      artifactsDir: '../artifacts',
      loop: { timeBudgetMs: 60000 },
      repair: { strategies: ['recipe'] },
      patterns: { store: 'memory:' },
    }),
  );
  git(app, 'init', '-q');
  git(app, 'add', '-A');
  git(app, '-c', 'user.email=fm@localhost', '-c', 'user.name=fm', 'commit', '-qm', 'fixture');
  const env = { ...process.env, TMPDIR: join(dir, 'tmp'), XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1', FORCE_COLOR: '' };
  delete env.FORCE_COLOR;
  return { dir, app, port, env, original: snapshot(app) };
}

function startRun(site, args = []) {
  const child = spawn(process.execPath, [cli, 'run', '--config', 'smoke-repair.config.json', ...args], { cwd: site.app, env: site.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig)));
  return { child, done, stderr: () => stderr };
}

async function waitFor(check, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function finish(run, ms = 60000) {
  const timer = new Promise((r) => setTimeout(() => r('hung'), ms));
  const code = await Promise.race([run.done, timer]);
  if (code === 'hung') {
    run.child.kill('SIGKILL');
    return { code: 'hung', hung: true };
  }
  return { code, hung: false };
}

async function signalTrial(signal, marker) {
  const site = await trialSite(`${signal}-${marker.source}`);
  const run = startRun(site);
  const reached = await waitFor(() => marker.test(run.stderr()), 45000);
  if (reached) run.child.kill(signal);
  const end = await finish(run);
  // After SIGKILL nothing ran the cleanup: the next run must recover the tree and sweep.
  if (signal === 'SIGKILL') await finish(startRun(site, ['--no-apply', '--max-iterations', '1']), 90000);
  return { ...end, ...(await check(site)), ...(reached ? {} : { code: `${end.code} (phase not reached)` }) };
}

async function concurrentTrial() {
  const site = await trialSite('concurrent');
  const first = startRun(site);
  await waitFor(() => /^seed /m.test(first.stderr()), 30000);
  const second = await finish(startRun(site), 30000);
  const end = await finish(first);
  const lost = [];
  if (second.code !== 2) lost.push(`the second run exited ${second.code}, expected 2 (app locked)`);
  return { code: `${end.code}/${second.code}`, hung: end.hung || second.hung, lost: [...lost, ...(await check(site)).lost], left: (await check(site)).left };
}

async function foreignListenerTrial() {
  const site = await trialSite('foreign');
  const server = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')).listen(site.port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const end = await finish(startRun(site), 60000);
  server.close();
  const result = await check(site);
  if (end.code !== 2) result.lost.push(`a foreign listener was accepted (exit ${end.code}, expected 2)`);
  return { ...end, ...result };
}

async function check(site) {
  const lost = [];
  const now = snapshot(site.app);
  const patchFile = join(site.dir, 'artifacts', 'accepted.patch');
  const accepted = existsSync(patchFile) ? applied(site, patchFile) : null;
  for (const [file, content] of now) {
    if (file === 'smoke-repair.config.json') continue;
    const before = site.original.get(file);
    if (before === undefined) lost.push(`${file} appeared in the tree`);
    else if (content !== before && content !== accepted?.get(file)) lost.push(`${file} is neither as it was nor as accepted.patch makes it`);
  }
  for (const file of site.original.keys()) if (!now.has(file)) lost.push(`${file} was deleted`);
  const left = [];
  for (const pid of processesUnder(site.dir)) left.push(`process ${pid}`);
  if (await portBound(site.port)) left.push(`port ${site.port} still bound`);
  for (const sub of ['tmp', 'state']) {
    const rest = listAll(join(site.dir, sub));
    if (rest.length) left.push(`${sub}/: ${rest.slice(0, 3).join(', ')}${rest.length > 3 ? '…' : ''}`);
  }
  return { lost, left };
}

function applied(site, patchFile) {
  const scratch = join(site.dir, 'accepted-copy');
  rmSync(scratch, { recursive: true, force: true });
  cpSync(site.app, scratch, { recursive: true });
  git(scratch, 'checkout', '-q', '--', '.');
  git(scratch, 'apply', patchFile);
  const out = snapshot(scratch);
  rmSync(scratch, { recursive: true, force: true });
  return out;
}

function snapshot(dir) {
  const out = new Map();
  for (const file of listAll(dir)) if (!file.startsWith('.git/') && !file.includes('__pycache__')) out.set(file, readFileSync(join(dir, file), 'utf8'));
  return out;
}

function listAll(dir, rel = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listAll(dir, path) : [path];
  });
}

function processesUnder(dir) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cwd.startsWith(dir) || cmd.includes(dir)) out.push(pid);
    } catch {}
  }
  return out;
}

function git(cwd, ...args) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portBound(port) {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(true)).listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}
