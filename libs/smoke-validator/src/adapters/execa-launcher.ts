/**
 * `ProcessLauncher` on execa: each app runs as the leader of a new process group (detached),
 * so stop can signal the whole tree, and output is streamed rather than buffered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import type { ExitInfo, LaunchedProcess, ProcessLauncher } from '../runner/ports.js';

// Detached children are not killed by execa's `cleanup` when this process exits, so the
// launcher keeps its own list and SIGKILLs what is left: a crashed test run or CLI must not
// leave an app holding the port.
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

/**
 * A killed smoke-repair (SIGKILL, an OOM kill) runs no exit hook. The watchdog covers that: a
 * tiny shell in its own process group that blocks reading a pipe from this process; when this
 * process dies the kernel closes the pipe, the read ends, and the shell kills the app's group.
 * When the app ends normally the watchdog is killed first, so it never signals a reused id.
 */
function startWatchdog(pgid: number): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      'sh',
      ['-c', 'while read -r _; do :; done; kill -9 -"$1" 2>/dev/null', 'smoke-repair-watchdog', String(pgid)],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
      },
    );
    watchdog.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    return undefined;
  }
}

/** Creates the execa-based launcher. */
export function createExecaLauncher(): ProcessLauncher {
  installExitHook();
  return {
    launch(spec, output) {
      const shell = typeof spec.command === 'string';
      const [file, ...args] = shell ? [spec.command as string] : (spec.command as readonly string[]);
      const subprocess = execa(file as string, args, {
        cwd: spec.cwd,
        env: spec.env,
        extendEnv: true,
        shell,
        detached: true,
        cleanup: false,
        buffer: false,
        reject: false,
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'pipe',
        encoding: 'buffer',
      });
      const pid = subprocess.pid;
      if (pid !== undefined) liveGroups.add(pid);
      const watchdog = pid === undefined ? undefined : startWatchdog(pid);
      subprocess.stdout?.on('data', (chunk: Uint8Array) => output.stdout(chunk));
      subprocess.stderr?.on('data', (chunk: Uint8Array) => output.stderr(chunk));

      const settled = subprocess.then(
        (result) => result,
        (error: unknown) => ({
          failed: true,
          exitCode: undefined,
          signal: undefined,
          originalMessage: String(error),
          code: undefined,
        }),
      );
      const exit = new Promise<ExitInfo>((resolve) => {
        // 'exit' fires when the leader dies even if grandchildren still hold the pipes open;
        // the execa promise covers spawn failures, where 'exit' never fires.
        subprocess.once('exit', (code, signal) => resolve({ exitCode: code, signal }));
        void settled.then((result) => {
          const spawnFailed = result.exitCode === undefined && result.signal === undefined;
          resolve(
            spawnFailed
              ? {
                  exitCode: null,
                  signal: null,
                  error: 'originalMessage' in result ? String(result.originalMessage) : 'spawn failed',
                }
              : { exitCode: result.exitCode ?? null, signal: result.signal ?? null },
          );
        });
      });
      const closed = settled.then(() => {
        watchdog?.kill('SIGKILL');
        if (pid !== undefined) liveGroups.delete(pid);
      });
      return { pid, exit, closed } satisfies LaunchedProcess;
    },
  };
}
