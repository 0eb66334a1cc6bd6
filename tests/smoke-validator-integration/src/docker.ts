/**
 * Docker helpers for the integration tests. The tests never skip: without an engine they fail
 * with instructions, because CI provisions one (tools/provision/docker.sh).
 */
import { execFileSync } from 'node:child_process';
import { DOCKER_RUNNER_LABEL } from '@smoke-repair/smoke-validator';

/** The base image tools/provision/docker.sh builds (FROM scratch + static busybox). */
export const BASE_IMAGE = 'smoke-repair/busybox:local';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Throws a clear error unless the engine answers and the base image exists. */
export function requireDocker(): void {
  try {
    docker('info', '--format', '{{.ServerVersion}}');
  } catch (error) {
    throw new Error(
      `The Docker engine is not available, so the Docker runner cannot be tested. ` +
        `Provision it with: bash tools/provision/docker.sh\n${String((error as { stderr?: unknown }).stderr ?? error)}`,
    );
  }
  try {
    docker('image', 'inspect', BASE_IMAGE);
  } catch {
    throw new Error(`The test base image ${BASE_IMAGE} is missing. Build it with: bash tools/provision/docker.sh`);
  }
}

/** Names of containers (running or not) created by the runner with this name prefix. */
export function runnerContainers(prefix: string): string[] {
  const out = docker('ps', '-a', '--filter', `label=${DOCKER_RUNNER_LABEL}`, '--format', '{{.Names}}');
  return out.split('\n').filter((name) => name.startsWith(prefix));
}

/** Force-removes the runner's containers with this name prefix (cleanup after a failure). */
export function removeRunnerContainers(prefix: string): void {
  for (const name of runnerContainers(prefix)) docker('rm', '-f', name);
}

/** Removes an image if present. */
export function removeImage(image: string): void {
  try {
    docker('rmi', '-f', image);
  } catch {
    // Not there.
  }
}
