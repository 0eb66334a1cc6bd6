import {
  reapLeftoverProcesses,
  removeLeftoverContainers,
  removeOrphanScratchDirs,
} from '@smoke-repair/smoke-validator';

/** Options of `sweepLeftovers`. */
export interface SweepOptions {
  /**
   * The app runs in Docker: remove the containers a dead run of this app left (labelled with
   * this app's lock file, `lock`, as `acquireAppLock` labels them). Omitted: Docker is not asked.
   */
  readonly docker?: { readonly lock: string; readonly socketPath?: string };
}

/**
 * What runs killed with SIGKILL left, removed before a new run starts: their labelled processes
 * (an app, an agent command, and whatever those spawned), their scratch directories in the
 * temp directory (sandboxes, agents' copies of the app) and, for a Docker app, the containers a
 * dead run of the same app left (never a container smoke-repair did not create, nor a live
 * run's). Returns one line for the user, or null when there was nothing.
 */
export async function sweepLeftovers(options: SweepOptions = {}): Promise<string | null> {
  const processes = reapLeftoverProcesses();
  const containers = options.docker ? await removeLeftoverContainers(options.docker) : [];
  const dirs = await removeOrphanScratchDirs();
  if (processes.length === 0 && dirs.length === 0 && containers.length === 0) return null;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    ...(processes.length > 0
      ? [`stopped ${plural(processes.length, 'process', 'processes')} (pid ${processes.map((p) => p.pid).join(', ')})`]
      : []),
    ...(containers.length > 0
      ? [
          `removed ${plural(containers.length, 'container', 'containers')} ` +
            `(${containers.map((c) => c.name).join(', ')})`,
        ]
      : []),
    ...(dirs.length > 0 ? [`removed ${plural(dirs.length, 'scratch directory', 'scratch directories')}`] : []),
  ];
  return `cleaned up after a killed run: ${parts.join(', ')}`;
}

/** The `sweepLeftovers` options of an app started by `runner` while holding the app lock `lockPath`. */
export function sweepOptionsFor(runner: { readonly kind: string }, lockPath: string): SweepOptions {
  if (runner.kind !== 'docker') return {};
  const socketPath = (runner as { socketPath?: unknown }).socketPath;
  return { docker: { lock: lockPath, ...(typeof socketPath === 'string' ? { socketPath } : {}) } };
}
