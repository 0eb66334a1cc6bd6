/**
 * `createDockerRunner`: runs an app in a Docker container (dockerode) with host networking and
 * the app directory mounted, wiring the runner logic to the real engine, probes and log file.
 */
import { createLogFile } from '../logs/log-file.js';
import { createServerLog } from '../logs/server-log.js';
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
export function createDockerRunner(options: DockerRunnerOptions): AppRunner {
  const resolved = resolveDockerOptions(options);
  return createDockerAppRunner(resolved, {
    engine: createDockerodeEngine(resolved.socketPath ? { socketPath: resolved.socketPath } : {}),
    http: fetchHttpProbe,
    ports: netPortProbe,
    clock: systemClock,
    listener: findPortListener,
    log: createServerLog({ file: createLogFile(resolved.logFile), ringSize: resolved.logRingSize }),
    owner: currentContainerOwner,
    ownerAlive,
  });
}
