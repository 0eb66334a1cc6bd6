/**
 * The CLI as a child process with its progress lines, free ports, and the "nothing left
 * running" checks (by working directory under the test's temp folder, and by port).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { CLI } from './user-tree.js';

/** A loopback port nothing listens on (right now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Live (non-zombie) processes whose working directory or command line is under `dir`. */
export function processesUnder(dir: string): string[] {
  return liveProcesses((cwd, cmdline) => cwd.startsWith(dir) || cmdline.includes(dir));
}

/**
 * Live processes of apps that ran from a sandbox of THIS test run (sandboxes are made in the
 * temp directory the CLI inherits from the test), wherever else other checkouts run theirs.
 */
export function sandboxProcesses(): string[] {
  return processesUnder(tmpdir()).filter((p) => p.includes('smoke-repair-sandbox-'));
}

/** Live (non-zombie) processes whose command line matches `pattern`. */
export function processesMatching(pattern: RegExp): string[] {
  return liveProcesses((_cwd, cmdline) => pattern.test(cmdline));
}

function liveProcesses(keep: (cwd: string, cmdline: string) => boolean): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (keep(cwd, cmdline)) found.push(`${pid} (cwd ${cwd}): ${cmdline}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Safety net for the end of a file: kills the process groups of whatever still runs under
 * `dir` (so a failing run never leaves servers behind) and returns what it found.
 */
export function killLeftovers(dir: string): string[] {
  const found = processesUnder(dir);
  for (const entry of found) {
    const pid = Number(entry.split(' ', 1)[0]);
    try {
      const pgid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return found;
}

/** Polls until `check` is true (or the time is up); returns the last value. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves with the first stderr line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Exit code, stdout and stderr once the CLI ended. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Ctrl-C at a terminal: SIGINT to the CLI's whole foreground process group. */
  ctrlC(): void;
  /** SIGTERM to the CLI process only (a supervisor, `kill PID`). */
  sigterm(): void;
  /** `signal` to the CLI process only. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs `smoke-repair run --json …` (or, with `command: 'smoke'`, `smoke-repair smoke …` with its
 * progress lines) in its own process group, like a shell's foreground job.
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; command?: 'run' | 'smoke' },
): CliRun {
  const head = options.command === 'smoke' ? ['smoke'] : ['run', '--json'];
  // The CLI honours FORCE_COLOR over NO_COLOR: a runner's FORCE_COLOR must not colour the lines matched here.
  const inherited = { ...process.env };
  delete inherited['FORCE_COLOR'];
  const child = spawn(process.execPath, [CLI, ...head, ...args], {
    cwd: options.cwd,
    env: { ...inherited, PYTHONDONTWRITEBYTECODE: '1', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    line(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no stderr line matched ${pattern} within ${timeoutMs} ms; stderr so far:\n${stderr}`)),
          timeoutMs,
        );
        void done.then(() => {
          clearTimeout(timer);
          reject(new Error(`the CLI ended before a stderr line matched ${pattern}; stderr:\n${stderr}`));
        });
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    ctrlC: () => process.kill(-child.pid!, 'SIGINT'),
    sigterm: () => child.kill('SIGTERM'),
    kill: (signal) => child.kill(signal),
  };
}
