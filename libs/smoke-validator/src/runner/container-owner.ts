/**
 * Who owns a container the Docker runner created. Every such container carries, besides the
 * runner label, the owning run (`<pid>:<start ticks>`, like the `SMOKE_REPAIR_OWNER` label of
 * processes), the host it ran on (hostname and pid namespace: a pid means nothing elsewhere) and
 * the app lock that run held. A run killed with SIGKILL cannot remove its container, which keeps
 * the app's port (host networking); the next run of the same app finds it by these labels and
 * removes it — and only it: a container without the runner label, or whose owner is alive or on
 * another host, is never touched.
 */
import type { ContainerEngine, ContainerSummary } from './container-engine.js';
import { RUNNER_LABEL } from './docker-options.js';

/** The owning run: `<pid>:<start ticks>`. */
export const OWNER_LABEL = 'dev.smoke-repair.owner';
/** Where the owner ran: `<hostname> <pid namespace>`. */
export const OWNER_HOST_LABEL = 'dev.smoke-repair.owner-host';
/** The app lock file the owner held (absent when it held none). */
export const LOCK_LABEL = 'dev.smoke-repair.lock';

/** This run, as its containers' labels name it. */
export interface ContainerOwner {
  readonly owner: string;
  readonly host: string;
  readonly lock: string | null;
}

/** Whether the run with this owner label (`<pid>:<start ticks>`) still exists on this host. */
export type OwnerAlive = (owner: string) => boolean;

/** What a container is to this run. */
export type Ownership =
  /** Not created by smoke-repair (no runner label): never touched. */
  | 'foreign'
  /** Created by a smoke-repair without owner labels (an older version): no owner to ask. */
  | 'unowned'
  /** Its owner is alive, or ran on another host or pid namespace (cannot be told): left alone. */
  | 'live'
  /** This run's own. */
  | 'ours'
  /** Its owner is gone: a leftover. */
  | 'orphan';

/** The labels that name `owner` on a container. */
export function ownerLabels(owner: ContainerOwner): Record<string, string> {
  return {
    [OWNER_LABEL]: owner.owner,
    [OWNER_HOST_LABEL]: owner.host,
    ...(owner.lock ? { [LOCK_LABEL]: owner.lock } : {}),
  };
}

/** Classifies a container by its labels (see `Ownership`). */
export function ownershipOf(
  labels: Readonly<Record<string, string>>,
  self: ContainerOwner,
  alive: OwnerAlive,
): Ownership {
  if (labels[RUNNER_LABEL] === undefined) return 'foreign';
  const owner = labels[OWNER_LABEL];
  if (owner === undefined) return 'unowned';
  if (labels[OWNER_HOST_LABEL] !== self.host) return 'live';
  if (owner === self.owner) return 'ours';
  return alive(owner) ? 'live' : 'orphan';
}

/** A leftover container removed by `sweepOrphanContainers`. */
export interface RemovedContainer {
  readonly id: string;
  readonly name: string;
  /** The dead run's owner label. */
  readonly owner: string;
}

/**
 * Removes (force: a running one is killed) the containers that a dead run of the same app left:
 * labelled with `lock`, on this host, owner gone. Returns what was removed.
 */
export async function sweepOrphanContainers(
  engine: ContainerEngine,
  self: ContainerOwner,
  alive: OwnerAlive,
  lock: string,
): Promise<RemovedContainer[]> {
  const candidates = (await engine.listLabelled(OWNER_LABEL)).filter(
    (c: ContainerSummary) => c.labels[LOCK_LABEL] === lock && ownershipOf(c.labels, self, alive) === 'orphan',
  );
  const removed: RemovedContainer[] = [];
  for (const container of candidates) {
    await engine.remove(container.id);
    removed.push({ id: container.id, name: container.name, owner: container.labels[OWNER_LABEL] ?? '' });
  }
  return removed;
}
