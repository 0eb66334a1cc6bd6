import { execa } from 'execa';
import { captureStream, MAX_CAPTURED_OUTPUT_BYTES, ownerEnv } from '@smoke-repair/smoke-validator';

/** How to run an agent command. */
export interface AgentCommandRun {
  /** A shell command line (run by `/bin/sh -c`) or an argv (no shell). */
  readonly command: string | readonly string[];
  readonly cwd: string;
  /** Written to the command's stdin (then closed). */
  readonly input: string;
  /** Added to the inherited environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** After SIGTERM to the group, how long before SIGKILL. */
  readonly killGraceMs: number;
  readonly signal?: AbortSignal;
  /** A sandbox's argv prefix (bwrap … --): the command runs inside it, a shell line through /bin/sh -c. */
  readonly wrap?: readonly string[];
}

/** How it ended. `timedOut`/`aborted`: the whole process group was killed. */
export interface AgentCommandResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** At most `MAX_CAPTURED_OUTPUT_BYTES`: the first and last halves, a `[… N bytes truncated]` line between. */
  readonly stdout: string;
  /** Capped like `stdout`. */
  readonly stderr: string;
  readonly pid: number | undefined;
  readonly durationMs: number;
}

/**
 * Runs the command as the leader of its own process group (`detached`), so on timeout or abort
 * the group — the command and everything it started — is killed, and whatever it left behind in
 * the background is killed when it exits. Never rejects for the command's own failure.
 */
export async function runAgentCommand(run: AgentCommandRun): Promise<AgentCommandResult> {
  const started = Date.now();
  const options = {
    cwd: run.cwd,
    input: run.input,
    // Labelled: a run killed with SIGKILL leaves the agent running; the next run finds it by this.
    env: { ...run.env, ...ownerEnv() },
    detached: true,
    reject: false,
    stripFinalNewline: false,
    // Captured below, not by execa: its maxBuffer kills an agent that prints more.
    buffer: false,
    cleanup: true,
  } as const;
  const wrap = run.wrap ?? [];
  const subprocess =
    wrap.length > 0
      ? execa(
          wrap[0]!,
          [...wrap.slice(1), ...(typeof run.command === 'string' ? ['/bin/sh', '-c', run.command] : run.command)],
          options,
        )
      : typeof run.command === 'string'
        ? execa(run.command, { ...options, shell: true })
        : execa(run.command[0]!, run.command.slice(1), options);
  const pid = subprocess.pid;
  const stdout = captureStream(subprocess.stdout, MAX_CAPTURED_OUTPUT_BYTES);
  const stderr = captureStream(subprocess.stderr, MAX_CAPTURED_OUTPUT_BYTES);
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = (): void => {
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), run.killGraceMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, run.timeoutMs);
  const onAbort = (): void => {
    aborted = true;
    stop();
  };
  run.signal?.addEventListener('abort', onAbort, { once: true });
  if (run.signal?.aborted) onAbort();
  // The leader's exit, not the pipes closing: a background child may hold stdout open forever.
  const exited = new Promise<void>((resolve) => {
    subprocess.once('exit', () => resolve());
    subprocess.once('error', () => resolve());
  });
  try {
    await exited;
    killGroup('SIGKILL');
    const result = await subprocess;
    return {
      exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
      signal: result.signal ?? null,
      timedOut,
      aborted,
      stdout: stdout.text(),
      stderr: stderr.text(),
      pid,
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    run.signal?.removeEventListener('abort', onAbort);
    killGroup('SIGKILL');
  }
}

/**
 * Makes the scratch copy a git repository with one commit of its files, for agent CLIs that
 * expect one (and diff against HEAD). Best effort: without git the copy stays a plain folder.
 */
export async function initScratchRepo(dir: string): Promise<boolean> {
  const git = (args: readonly string[]) =>
    execa(
      'git',
      [
        '-c',
        'user.name=smoke-repair',
        '-c',
        'user.email=smoke-repair@localhost',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {
        cwd: dir,
        reject: false,
        timeout: 60_000,
        env: { GIT_CEILING_DIRECTORIES: dir.replace(/\/[^/]+\/?$/, '') },
      },
    );
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'smoke-repair scratch copy'],
  ]) {
    const result = await git(args);
    if (result.exitCode !== 0) return false;
  }
  return true;
}
