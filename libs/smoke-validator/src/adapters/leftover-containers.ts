/**
 * The Docker side of "a new run removes what a SIGKILLed run left": this process as its
 * containers' owner, the app lock it holds (set by whoever takes the lock), and the sweep of a
 * dead run's containers against the real engine.
 */
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ContainerEngine } from '../runner/container-engine.js';
import { sweepOrphanContainers, type ContainerOwner, type RemovedContainer } from '../runner/container-owner.js';
import { createDockerodeEngine } from './dockerode-engine.js';
import { ownerAlive, ownerLabel } from './leftover-processes.js';

let heldLock: string | null = null;

/**
 * Records the app lock this process holds (null: released), put on every container it creates
 * from now on, so the next run of the same app can tell that app's leftovers.
 */
export function setContainerOwnerLock(lockPath: string | null): void {
  heldLock = lockPath;
}

/** This process as a container owner: its run label, host and pid namespace, and its app lock. */
export function currentContainerOwner(): ContainerOwner {
  let pidNamespace = '';
  try {
    pidNamespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // No /proc: the hostname alone.
  }
  return { owner: ownerLabel(), host: `${hostname()} ${pidNamespace}`.trim(), lock: heldLock };
}

/**
 * Removes the containers a dead run of the app holding `lock` left (see `sweepOrphanContainers`).
 * An engine that does not answer (or no dockerode) is not an error here: nothing is removed, and
 * the runner's own start reports it.
 */
export async function removeLeftoverContainers(options: {
  readonly lock: string;
  readonly socketPath?: string;
  readonly engine?: ContainerEngine;
}): Promise<RemovedContainer[]> {
  const engine = options.engine ?? createDockerodeEngine(options.socketPath ? { socketPath: options.socketPath } : {});
  try {
    await engine.ping();
  } catch {
    return [];
  }
  return sweepOrphanContainers(engine, currentContainerOwner(), ownerAlive, options.lock);
}
