/**
 * `createProcessRunner`: runs an app as a child process (execa), wiring the runner logic to
 * the real launcher, process groups, probes and log file.
 */
import { createLogFile } from './log-file.js';
import { createServerLog } from '../logs/server-log.js';
import { runSecrets } from '../http/secret-values.js';
import type { AppRunner } from '../runner/app-runner.js';
import { createProcessAppRunner } from '../runner/process-app-runner.js';
import { resolveProcessOptions, type ProcessRunnerOptions } from '../runner/process-options.js';
import { createExecaLauncher } from './execa-launcher.js';
import { fetchHttpProbe, netPortProbe, systemClock } from './node-probes.js';
import { findPortListener } from './port-listener.js';
import { readProcessInfo } from './process-info.js';
import { ownerEnv, reapLeftoverProcesses } from './leftover-processes.js';
import { createProcessGroupControl } from './process-group.js';

/** What a runner takes beside its options (not config keys). */
export interface RunnerExtras {
  /** Values redacted from the log file, on top of the env's and the command line's secrets. */
  readonly secrets?: readonly string[];
}

/**
 * Creates a runner for an app started by a command. Options are validated here (throws
 * `InvalidOptionsError` or `NonLoopbackTargetError`); nothing starts until `start()`.
 *
 * @example
 * const app = createProcessRunner({ command: 'python3 -m http.server --bind 127.0.0.1 8000', cwd: '.', port: 8000 });
 * await app.start();
 * console.log(await app.health(), app.logs().path);
 * await app.stop();
 */
export function createProcessRunner(options: ProcessRunnerOptions, extras: RunnerExtras = {}): AppRunner {
  const parsed = resolveProcessOptions(options);
  // The log file is an artifact: the app's env secrets, those its command line assigns and the
  // caller's (configured header values) never reach it.
  const secrets = [...(extras.secrets ?? []), ...runSecrets({ runnerEnv: parsed.env, commands: [parsed.command] })];
  // Labelled: a run killed with SIGKILL leaves its app running; the next run finds it by this.
  const resolved = { ...parsed, env: { ...parsed.env, ...ownerEnv() } };
  return createProcessAppRunner(resolved, {
    launcher: createExecaLauncher(),
    group: createProcessGroupControl(),
    http: fetchHttpProbe,
    ports: netPortProbe,
    clock: systemClock,
    listener: findPortListener,
    processInfo: readProcessInfo,
    reapLeftovers: reapLeftoverProcesses,
    log: createServerLog({ file: createLogFile(resolved.logFile, secrets), ringSize: resolved.logRingSize }),
  });
}
