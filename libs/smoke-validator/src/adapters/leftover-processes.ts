/**
 * Processes smoke-repair starts (the app, an agent command) carry a label in their environment,
 * inherited by everything they spawn: `SMOKE_REPAIR_OWNER=<pid>:<start ticks>` of the run that
 * started them. A run killed with SIGKILL cannot stop them; the next run finds them by that label
 * (in /proc/<pid>/environ, this user's processes only) and, when their owner is gone, kills them —
 * instead of failing with "port busy".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** The environment variable that labels a process as started by a smoke-repair run. */
export const OWNER_ENV = 'SMOKE_REPAIR_OWNER';

/** The label of this process's run: its pid and start time (a reused pid has another). */
export function ownerLabel(pid = process.pid): string {
  return `${pid}:${startTicksOf(pid) ?? '0'}`;
}

/** `{ SMOKE_REPAIR_OWNER: <this run> }`, to add to the environment of every process a run starts. */
export function ownerEnv(): Record<string, string> {
  return { [OWNER_ENV]: ownerLabel() };
}

/** A labelled process whose owning run is gone. */
export interface LeftoverProcess {
  readonly pid: number;
  readonly pgid: number;
  /** The label it carries (`<owner pid>:<ticks>`). */
  readonly owner: string;
}

/** Labelled processes of this user whose owner run no longer exists (none without /proc). */
export function findLeftoverProcesses(): LeftoverProcess[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const found: LeftoverProcess[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (uid !== undefined && statSync(`/proc/${name}`).uid !== uid) continue;
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8');
      const label = environ
        .split('\0')
        .find((entry) => entry.startsWith(`${OWNER_ENV}=`))
        ?.slice(OWNER_ENV.length + 1);
      if (!label || ownerAlive(label)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      found.push({ pid: Number(name), pgid: Number(fields[2]), owner: label });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Kills the leftovers of dead runs (their process groups, SIGKILL: their owner can no longer
 * stop them gracefully) and returns what was killed.
 */
export function reapLeftoverProcesses(): LeftoverProcess[] {
  const found = findLeftoverProcesses();
  for (const leftover of found) {
    for (const target of leftover.pgid > 1 ? [-leftover.pgid, leftover.pid] : [leftover.pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  return found;
}

/** Whether the run with this label (`<pid>:<start ticks>`) still exists on this machine. */
export function ownerAlive(label: string): boolean {
  const [pidText, ticks] = label.split(':');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = startTicksOf(pid);
  return now !== null && (ticks === undefined || ticks === '0' || now === ticks);
}

// Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot.
function startTicksOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
