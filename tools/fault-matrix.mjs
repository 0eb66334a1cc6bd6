#!/usr/bin/env node
// Fault matrix (issue 16): INT/TERM/HUP/QUIT/KILL × every loop phase on a real app, a concurrent
// second run, a foreign listener that appears while the app starts. Each trial runs the built CLI
// (`nx run cli:build` first) on a fresh git copy of tools/fault-matrix/app (slow on purpose, see
// its server.py; repaired by tools/fault-matrix/agent.py, whose first round regresses so that the
// loop isolates, and ends with a final write) with its own TMPDIR, XDG_STATE_HOME and HOME. The
// signal goes out the moment the phase's own event appears (a progress line on stderr, or the
// app's request log for the baseline smoke) — and only if the phase's end has not appeared yet:
// a trial whose phase the run never reached, or had already left, counts as "phase not reached".
// After SIGKILL the next run (`run --no-apply`) must recover the tree and sweep the leftovers.
// Then (tools/fault-matrix/checks.mjs): bytes lost, writes outside the root, leftovers
// (processes, port, containers, temp files, locks and journals), secrets in what the runs wrote
// or printed.
//   node tools/fault-matrix.mjs [--quick]   one line per trial, then the counts; exit 1 unless
//                                           every count but trials and phases reached is 0
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSite } from './fault-matrix/checks.mjs';
import { appEvents, CLI, startRun, trialSite } from './fault-matrix/site.mjs';

if (!existsSync(CLI)) {
  console.error('fault-matrix: build the CLI first (npx nx run cli:build)');
  process.exit(2);
}
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGKILL'];
// Each phase: the event that opens it and the one that shows it is over (`stderr`: the run's
// progress lines; `events`: the app's own log of requests and starts).
const PHASES = {
  'baseline smoke': { start: (s) => /^request /m.test(s.events), end: (s) => /^baseline /m.test(s.stderr) },
  'repair (agent)': { start: (s) => /^iteration 1 /m.test(s.stderr), end: (s) => /^ {2}repair /m.test(s.stderr) },
  'apply + restart': { start: (s) => / applied p1-/.test(s.stderr), end: (s) => / restart /.test(s.stderr) },
  'verify smoke': {
    start: (s) => / restart app restarted/.test(s.stderr),
    end: (s) => /^ {2}smoke /m.test(s.stderr.split(/ restart app restarted/)[1] ?? ''),
  },
  // One patch at a time (`alone:`) or in parallel lanes (`lane N:`, loop.parallelism > 1).
  isolation: {
    start: (s) => / applied p\d-\w+: (alone|lane \d): /.test(s.stderr),
    end: (s) => / restart (alone|lane \d): /.test(s.stderr),
  },
  'final apply': { start: (s) => /^stop /m.test(s.stderr), end: () => false },
};
// --quick: every signal twice, every phase at least once, the second run and the foreign listener.
const QUICK = [
  ['SIGINT', 'baseline smoke'],
  ['SIGTERM', 'repair (agent)'],
  ['SIGHUP', 'apply + restart'],
  ['SIGQUIT', 'verify smoke'],
  ['SIGKILL', 'isolation'],
  ['SIGINT', 'final apply'],
  ['SIGTERM', 'baseline smoke'],
  ['SIGHUP', 'repair (agent)'],
  ['SIGQUIT', 'apply + restart'],
  ['SIGKILL', 'baseline smoke'],
];
const quick = process.argv.includes('--quick');
const plan = quick ? QUICK : SIGNALS.flatMap((signal) => Object.keys(PHASES).map((phase) => [signal, phase]));
const base = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
const totals = {
  trials: 0,
  reached: 0,
  notReached: 0,
  bytesLost: 0,
  outside: 0,
  leftovers: 0,
  secrets: 0,
  wrong: 0,
  hung: 0,
};
const started = Date.now();
console.log(`fault matrix${quick ? ' (--quick)' : ''}: ${plan.length} signal trials, a second run, a foreign listener`);

try {
  for (const [signal, phase] of plan) await timed(`${signal} at ${phase}`, () => signalTrial(signal, phase));
  await timed('second run on the same app', concurrentTrial);
  await timed('foreign listener during start-up', foreignListenerTrial);
} finally {
  rmSync(base, { recursive: true, force: true });
}
const t = totals;
console.log(
  `\ntrials ${t.trials}, phases reached ${t.reached}/${plan.length} (not reached ${t.notReached}), bytes ` +
    `lost ${t.bytesLost}, writes outside the root ${t.outside}, ` +
    `leftovers ${t.leftovers} (processes, port, containers, temp files, locks), secrets in artifacts ${t.secrets}, ` +
    `wrong outcomes ${t.wrong}, hung ${t.hung}; ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(t.notReached + t.bytesLost + t.outside + t.leftovers + t.secrets + t.wrong + t.hung === 0 ? 0 : 1);

async function timed(name, trial) {
  const t0 = Date.now();
  const outcome = await trial();
  report(name, { ...outcome, seconds: Math.round((Date.now() - t0) / 1000) });
}

function report(name, o) {
  totals.trials++;
  if (o.reached === true) totals.reached++;
  if (o.reached === false) totals.notReached++;
  totals.bytesLost += o.lost.length;
  totals.outside += o.outside.length;
  totals.leftovers += o.left.length;
  totals.secrets += o.secrets.length;
  totals.wrong += o.wrong?.length ?? 0;
  if (o.hung) totals.hung++;
  const detail = [
    o.reached === false ? 'PHASE NOT REACHED' : '',
    ...o.lost.map((l) => `lost: ${l}`),
    ...o.outside.map((l) => `outside: ${l}`),
    ...o.left.map((l) => `left: ${l}`),
    ...o.secrets.map((l) => `secret in: ${l}`),
    ...(o.wrong ?? []).map((l) => `wrong: ${l}`),
    o.hung ? 'hung' : '',
  ].filter(Boolean);
  console.log(
    `${name.padEnd(34)} ${String(o.seconds).padStart(3)} s  ` +
      `exit ${String(o.code).padEnd(7)} ${detail.join('; ') || 'ok'}`,
  );
}

async function finish(run, ms = 90000) {
  const timer = new Promise((r) => setTimeout(() => r('hung'), ms));
  const code = await Promise.race([run.done, timer]);
  if (code !== 'hung') return { code, hung: false };
  process.kill(-run.child.pid, 'SIGKILL');
  return { code: 'hung', hung: true };
}

// The signal goes out from the stderr listener (or the app-event poll) the moment the phase's
// start is seen, if its end is not: SIGINT to the run's process group like a terminal's Ctrl-C,
// the others to the CLI alone.
async function signalTrial(signal, phaseName) {
  const phase = PHASES[phaseName];
  const site = await trialSite(base, `${signal}-${phaseName}`);
  let reached = null;
  let run;
  const look = () => {
    if (reached !== null || !run) return;
    const seen = { stderr: run.output.stderr, events: appEvents(site) };
    if (!phase.start(seen)) return;
    reached = !phase.end(seen) && run.alive();
    if (reached) process.kill(signal === 'SIGINT' ? -run.child.pid : run.child.pid, signal);
  };
  run = startRun(site, [], look);
  const poll = setInterval(look, 10);
  const end = await finish(run);
  clearInterval(poll);
  let patchFile;
  // After SIGKILL nothing ran the cleanup: the next run must recover the tree and sweep.
  if (signal === 'SIGKILL') {
    const accepted = join(site.dir, 'artifacts', 'accepted.patch');
    patchFile = join(site.dir, 'accepted-first.patch');
    if (existsSync(accepted)) copyFileSync(accepted, patchFile);
    // A short budget: recovery and the sweep come first; the budget then cuts its loop short (a
    // stop of its own, which must leave nothing either).
    const next = await finish(startRun(site, ['--no-apply', '--max-iterations', '1', '--time-budget', '8']));
    end.hung ||= next.hung;
  }
  return { ...end, reached: reached === true, ...(await checkSite(site, patchFile)) };
}

// A second `run` while the first smokes its baseline: refused (exit 2, naming the holder), and
// the first one goes on to its normal end.
async function concurrentTrial() {
  const site = await trialSite(base, 'concurrent');
  const first = startRun(site);
  const wrong = [];
  while (first.alive() && !/^request /m.test(appEvents(site))) await new Promise((r) => setTimeout(r, 10));
  const second = await finish(startRun(site), 30000);
  if (second.code !== 2) wrong.push(`the second run exited ${second.code}, expected 2 (app locked)`);
  if (!new RegExp(`another smoke-repair is running on .*pid ${first.child.pid}`).test(site.outputs[1].stderr))
    wrong.push('the second run did not say who holds the app');
  const end = await finish(first);
  if (end.code !== 1 && end.code !== 0) wrong.push(`the first run exited ${end.code} after the second was refused`);
  return { code: `${end.code}/${second.code}`, hung: end.hung || second.hung, wrong, ...(await checkSite(site)) };
}

// A foreign server binds the app's port after the runner spawned the app and before the app
// binds it (the app waits FM_START_DELAY): readiness must not take it for the app — no scenario
// may reach it, and the run must not report a smoke of it.
async function foreignListenerTrial() {
  const site = await trialSite(base, 'foreign');
  const requests = [];
  const foreign = createServer((socket) => {
    socket.once('data', (d) => requests.push(String(d).split('\r\n')[0]));
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"status":"ok"}');
  });
  const run = startRun(site);
  while (run.alive() && !/^start /m.test(appEvents(site))) await new Promise((r) => setTimeout(r, 5));
  const listening = run.alive() && !/^listening /m.test(appEvents(site));
  if (listening) await new Promise((resolve) => foreign.listen(site.port, '127.0.0.1', resolve));
  const end = await finish(run);
  await new Promise((resolve) => foreign.close(resolve));
  const wrong = [];
  if (!listening) wrong.push('the foreign listener could not bind between the spawn and the app’s own bind');
  const smoked = requests.filter((r) => !/ \/health /.test(r));
  if (smoked.length > 0) wrong.push(`the run sent scenarios to the foreign listener: ${smoked.slice(0, 3).join(', ')}`);
  if (end.code === 0 || end.code === 1)
    wrong.push(`the run smoked and exited ${end.code}: it took the foreign listener for the app`);
  return { ...end, wrong, ...(await checkSite(site)) };
}
