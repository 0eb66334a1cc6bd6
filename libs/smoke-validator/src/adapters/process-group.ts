/**
 * `ProcessGroupControl` on Linux: signals via `kill(-pgid)`, liveness from /proc, because
 * `kill(-pgid, 0)` also succeeds for zombies that a non-reaping init never collects.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ProcessGroupControl } from '../runner/ports.js';

/** Creates the process-group control. */
export function createProcessGroupControl(): ProcessGroupControl {
  return {
    signal(pgid, signal) {
      try {
        process.kill(-pgid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    members(pgid) {
      return (liveGroupMembers(pgid) ?? []).map((pid) => ({ pid, exe: executableOf(pid) }));
    },
    signalPid(pid, signal) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    alive(pgid) {
      const members = liveGroupMembers(pgid);
      if (members !== null) return members.length > 0;
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Pids of live (non-zombie) processes in group `pgid`; null when /proc is unavailable. */
function liveGroupMembers(pgid: number): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const members: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // Exited while we looked.
    }
    // Format: "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(name));
  }
  return members;
}

function executableOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return '';
  }
}
