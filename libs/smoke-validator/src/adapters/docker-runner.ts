/**
 * `createDockerRunner`: runs an app in a Docker container (dockerode) with host networking and
 * the app directory mounted, wiring the runner logic to the real engine, probes and log file.
 */
import { createLogFile } from './log-file.js';
import { createServerLog } from '../logs/server-log.js';
import { runSecrets } from '../http/secret-values.js';
import type { RunnerExtras } from './process-runner.js';
import type { AppRunner } from '../runner/app-runner.js';
import { createDockerAppRunner } from '../runner/docker-app-runner.js';
import { resolveDockerOptions, type DockerRunnerOptions } from '../runner/docker-options.js';
import { createDockerodeEngine } from './dockerode-engine.js';
import { currentContainerOwner } from './leftover-containers.js';
import { ownerAlive } from './leftover-processes.js';
import { fetchHttpProbe, netPortProbe, systemClock } from './node-probes.js';
import { findPortListener } from './port-listener.js';

/**
 * Creates a runner for an app in a container. Options are validated here (throws
 * `InvalidOptionsError` or `NonLoopbackTargetError`); the engine is first contacted by `start()`,
 * which rejects with `DockerUnavailableError` when it does not answer.
 *
 * @example
 * const app = createDockerRunner({
 *   image: 'smoke-repair/busybox:local', appDir: './site', port: 8080,
 *   command: ['httpd', '-f', '-v', '-p', '127.0.0.1:8080', '-h', '/app'],
 * });
 * await app.start();
 * await app.stop();
 */
export function createDockerRunner(options: DockerRunnerOptions, extras: RunnerExtras = {}): AppRunner {
  const resolved = resolveDockerOptions(options);
  // As the process runner: the log file never holds the env's or the caller's secrets.
  const secrets = [
    ...(extras.secrets ?? []),
    ...runSecrets({ runnerEnv: resolved.env, ...(resolved.command ? { commands: [resolved.command] } : {}) }),
  ];
  return createDockerAppRunner(resolved, {
    engine: createDockerodeEngine(resolved.socketPath ? { socketPath: resolved.socketPath } : {}),
    http: fetchHttpProbe,
    ports: netPortProbe,
    clock: systemClock,
    listener: findPortListener,
    log: createServerLog({ file: createLogFile(resolved.logFile, secrets), ringSize: resolved.logRingSize }),
    owner: currentContainerOwner,
    ownerAlive,
  });
}
