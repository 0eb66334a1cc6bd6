/**
 * Clean stop of a whole process group: SIGTERM, a grace period, then SIGKILL. The group, not
 * the leader, because an app is often a shell or a reloader whose children hold the port.
 */
import type { Clock, ProcessGroupControl } from './ports.js';

/** How the group ended: after SIGTERM alone, or only after SIGKILL; `survivors` if even that failed. */
export interface GroupStopOutcome {
  readonly signal: 'SIGTERM' | 'SIGKILL' | null;
  readonly survivors: boolean;
}

/** Options of `stopProcessGroup`. */
export interface GroupStopOptions {
  readonly control: ProcessGroupControl;
  readonly clock: Clock;
  /** How long the group gets to exit after SIGTERM. */
  readonly graceMs: number;
  /** How long to wait for the kernel to reap the group after SIGKILL. */
  readonly killWaitMs?: number;
  readonly pollMs?: number;
}

/** Stops every process in group `pgid`. Never throws. */
export async function stopProcessGroup(pgid: number, options: GroupStopOptions): Promise<GroupStopOutcome> {
  const { control, clock } = options;
  const pollMs = options.pollMs ?? 25;
  if (!control.alive(pgid)) return { signal: null, survivors: false };
  control.signal(pgid, 'SIGTERM');
  if (await waitForGroupExit(pgid, options.graceMs, pollMs, control, clock))
    return { signal: 'SIGTERM', survivors: false };
  control.signal(pgid, 'SIGKILL');
  const gone = await waitForGroupExit(pgid, options.killWaitMs ?? 2_000, pollMs, control, clock);
  return { signal: 'SIGKILL', survivors: !gone };
}

async function waitForGroupExit(
  pgid: number,
  ms: number,
  pollMs: number,
  control: ProcessGroupControl,
  clock: Clock,
): Promise<boolean> {
  const deadline = clock.now() + ms;
  while (control.alive(pgid)) {
    if (clock.now() >= deadline) return false;
    await clock.sleep(pollMs);
  }
  return true;
}
