// What tools/fault-matrix.mjs checks after each trial: bytes lost in the user's tree, writes
// outside the root, leftovers (processes, the port, containers, temp files, locks and journals),
// secrets in anything the runs wrote or printed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The trial's findings, each a list of one-line descriptions. `patchFile`: the accepted.patch of
 * the run under trial (after SIGKILL, the copy taken before the next run wrote its own).
 */
export async function checkSite(site, patchFile = join(site.dir, 'artifacts', 'accepted.patch')) {
  return {
    lost: bytesLost(site, patchFile),
    outside: writesOutside(site),
    left: await leftovers(site),
    secrets: secretsFound(site),
  };
}

// The tree must be the user's as it was, or as it was with accepted.patch applied — whole: a
// half-written final write (one file patched, the next not) is data lost too.
function bytesLost(site, patchFile) {
  const now = snapshot(site.app);
  const original = differences(site.original, now);
  if (original.length === 0) return [];
  if (!existsSync(patchFile)) return original;
  const accepted = applied(site, patchFile);
  const vsAccepted = differences(accepted, now);
  return vsAccepted.length === 0
    ? []
    : vsAccepted.map((d) => `${d} (neither as it was nor as accepted.patch makes it)`);
}

function differences(expected, now) {
  const out = [];
  for (const [file, content] of now) {
    const before = expected.get(file);
    if (before === undefined) out.push(`${file} appeared`);
    else if (content !== before) out.push(`${file} changed`);
  }
  for (const file of expected.keys()) if (!now.has(file)) out.push(`${file} deleted`);
  return out;
}

function applied(site, patchFile) {
  const scratch = join(site.dir, 'accepted-copy');
  rmSync(scratch, { recursive: true, force: true });
  cpSync(site.app, scratch, { recursive: true });
  const git = (...args) => spawnSync('git', args, { cwd: scratch, encoding: 'utf8' });
  git('checkout', '-q', '--', '.');
  git('clean', '-qfd');
  const apply = git('apply', patchFile);
  const out = apply.status === 0 ? snapshot(scratch) : new Map([['accepted.patch', `does not apply: ${apply.stderr}`]]);
  rmSync(scratch, { recursive: true, force: true });
  return out;
}

// Beside the app (outside/canary.txt and anything new next to it) and in HOME: nothing may change.
function writesOutside(site) {
  const out = [];
  const now = outsideFiles(site.dir);
  for (const [file, content] of now)
    if (site.outside.get(file) !== content) out.push(`${file} ${site.outside.has(file) ? 'changed' : 'written'}`);
  for (const file of site.outside.keys()) if (!now.has(file)) out.push(`${file} deleted`);
  for (const file of listAll(join(site.dir, 'home'))) out.push(`home/${file} written`);
  return out;
}

/** The files beside the app: all but the app, the run's own folders and the matrix's own files. */
export function outsideFiles(dir) {
  const out = new Map();
  for (const file of listAll(dir)) {
    if (
      /^(app|artifacts|tmp|state|home|accepted-copy)\//.test(file) ||
      file === 'events.log' ||
      file === 'accepted-first.patch'
    )
      continue;
    out.set(file, readFileSync(join(dir, file), 'utf8'));
  }
  return out;
}

async function leftovers(site) {
  const left = [];
  for (const pid of processesUnder(site.dir)) left.push(`process ${pid} (${readCmdline(pid)})`);
  if (await portBound(site.port)) left.push(`port ${site.port} still bound`);
  for (const id of containersOf(site.dir) ?? []) left.push(`container ${id}`);
  const tmp = listAll(join(site.dir, 'tmp'));
  if (tmp.length) left.push(`temp files: ${tmp.slice(0, 3).join(', ')}${tmp.length > 3 ? ` … (${tmp.length})` : ''}`);
  // Locks and journals live under XDG_STATE_HOME: a finished run leaves neither.
  const state = listAll(join(site.dir, 'state'));
  if (state.length)
    left.push(`locks/journals: ${state.slice(0, 3).join(', ')}${state.length > 3 ? ` … (${state.length})` : ''}`);
  return left;
}

// Every file the runs wrote (artifacts, temp, state, HOME, beside the app) and everything they
// printed: no configured header value, env token or agent token may appear verbatim.
function secretsFound(site) {
  const values = Object.values(site.secrets);
  const hits = [];
  for (const sub of ['artifacts', 'tmp', 'state', 'home', 'outside']) {
    for (const file of listAll(join(site.dir, sub))) {
      const text = readFileSync(join(site.dir, sub, file), 'latin1');
      for (const value of values) if (text.includes(value)) hits.push(`${sub}/${file}`);
    }
  }
  site.outputs.forEach((o, i) => {
    for (const value of values)
      if (o.stdout.includes(value) || o.stderr.includes(value)) hits.push(`output of run ${i + 1}`);
  });
  return hits;
}

/** Containers labelled by smoke-repair whose app lock is under `dir`; null without Docker. */
function containersOf(dir) {
  const ps = spawnSync(
    'docker',
    ['ps', '-a', '--filter', 'label=dev.smoke-repair.runner', '--format', '{{.ID}} {{.Label "dev.smoke-repair.lock"}}'],
    { encoding: 'utf8', timeout: 20000 },
  );
  if (ps.status !== 0) return null;
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(dir))
    .map((line) => line.split(' ')[0]);
}

/** Processes whose working directory or command line is under `dir`. */
function processesUnder(dir) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir) || readCmdline(pid).includes(dir)) out.push(pid);
    } catch {}
  }
  return out;
}

function readCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '?';
  }
}

/** Every file under `dir` (relative paths); .git and __pycache__ are not the user's data. */
export function snapshot(dir) {
  const out = new Map();
  for (const file of listAll(dir))
    if (!file.startsWith('.git/') && !file.includes('__pycache__'))
      out.set(file, readFileSync(join(dir, file), 'utf8'));
  return out;
}

function listAll(dir, rel = '') {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listAll(dir, path) : [path];
  });
}

function portBound(port) {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(true))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}
