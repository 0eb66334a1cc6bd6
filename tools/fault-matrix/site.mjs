// One trial's folder for tools/fault-matrix.mjs: a git copy of ./app with its config, its own
// TMPDIR, XDG_STATE_HOME and HOME, the app's event file, and the runs of the built CLI on it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outsideFiles, snapshot } from './checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CLI = join(here, '..', '..', 'apps', 'cli', 'dist', 'cli.js');
const APP = join(here, 'app');
const AGENT = join(here, 'agent.py');

/**
 * A fresh trial folder under `base`: app/ (a git repository, the user's tree), artifacts/,
 * tmp/, state/, home/ (the runs' TMPDIR, XDG_STATE_HOME and HOME: whatever stays there is a
 * leftover or a write outside the root), outside/canary.txt (must stay as it is), events.log.
 */
export async function trialSite(base, name) {
  const dir = join(base, name.replace(/\W+/g, '-'));
  const app = join(dir, 'app');
  for (const sub of ['tmp', 'state', 'home', 'outside']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'outside', 'canary.txt'), 'the user’s file next to the app\n');
  cpSync(APP, app, { recursive: true });
  const port = await freePort();
  const events = join(dir, 'events.log');
  writeFileSync(events, '');
  // The secrets the run must keep out of every artifact: a configured header value, an app env
  // token and an agent env token, each echoed (by the app's log and bodies, by the agent).
  const secrets = { header: `fm-hdr-${hex()}`, appToken: `fm-tok-${hex()}`, agentToken: `fm-agt-${hex()}` };
  writeFileSync(
    join(app, 'smoke-repair.config.json'),
    JSON.stringify(
      {
        app: {
          root: '.',
          runner: {
            kind: 'process',
            command: ['python3', '-B', 'server.py'],
            port,
            env: { FM_EVENTS: events, FM_API_TOKEN: secrets.appToken, FM_START_DELAY: '0.3', FM_REQUEST_DELAY: '0.1' },
            readiness: { path: '/health', timeoutMs: 15000, intervalMs: 50 },
            health: { path: '/health' },
            stopTimeoutMs: 2000,
          },
        },
        smoke: {
          scenarios: 'scenarios.json',
          concurrency: 1,
          timeoutMs: 5000,
          headers: { 'X-Custom-Auth': secrets.header },
        },
        artifactsDir: '../artifacts',
        loop: { timeBudgetMs: 120000 },
        repair: {
          strategies: ['command'],
          command: {
            command: ['python3', '-B', AGENT, '0.4'],
            env: { AGENT_TOKEN: secrets.agentToken },
            timeoutMs: 30000,
            killGraceMs: 500,
          },
        },
        patterns: { store: 'memory:' },
      },
      null,
      2,
    ),
  );
  git(app, 'init', '-q');
  git(app, 'add', '-A');
  git(app, '-c', 'user.email=fm@localhost', '-c', 'user.name=fm', 'commit', '-qm', 'fixture');
  const env = {
    ...process.env,
    TMPDIR: join(dir, 'tmp'),
    XDG_STATE_HOME: join(dir, 'state'),
    HOME: join(dir, 'home'),
    NO_COLOR: '1',
  };
  delete env.FORCE_COLOR;
  return { dir, app, port, env, events, secrets, original: snapshot(app), outside: outsideFiles(dir), outputs: [] };
}

/**
 * `smoke-repair run` on the trial's app, in its own process group (a terminal's Ctrl-C goes to
 * the group). `onStderr` sees the text so far after every chunk: a phase's line is acted on the
 * moment it arrives.
 */
export function startRun(site, args = [], onStderr = () => {}) {
  const child = spawn(process.execPath, [CLI, 'run', '--config', 'smoke-repair.config.json', ...args], {
    cwd: site.app,
    env: site.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { stdout: '', stderr: '' };
  site.outputs.push(output);
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => {
    output.stderr += d;
    onStderr(output.stderr);
  });
  let exited = false;
  const done = new Promise((resolve) => child.on('exit', (code, sig) => ((exited = true), resolve(code ?? sig))));
  return { child, done, output, alive: () => !exited };
}

/** The lines the app appended to its event file. */
export function appEvents(site) {
  return existsSync(site.events) ? readFileSync(site.events, 'utf8') : '';
}

function git(cwd, ...args) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function hex() {
  return randomBytes(8).toString('hex');
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
