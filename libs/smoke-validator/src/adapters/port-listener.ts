/**
 * Records what listens on a TCP port for the escalation bundle: `ss -lntp` when iproute2 is
 * installed, else /proc/net/tcp{,6} with the owning process found through /proc/<pid>/fd.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { formatProcListener, matchSsListeners, parseProcNetTcp, type ProcListener } from '../net/port-listener.js';
import type { CommandRunner, ListenerLookup } from '../runner/ports.js';
import { runCommand } from './command-runner.js';

/** The `ss -lntp` line(s) for `port`, or an equivalent built from /proc; null when nothing listens. */
export const findPortListener: ListenerLookup = (port) => lookupPortListener(port, runCommand);

/** `findPortListener` with an injectable command runner (used to simulate a missing `ss`). */
export async function lookupPortListener(port: number, run: CommandRunner): Promise<string | null> {
  const ss = await run(['ss', '-lntp'], { timeoutMs: 5_000 });
  if (ss.exitCode === 0) return matchSsListeners(ss.stdout, port);
  return fromProc(port);
}

function fromProc(port: number): string | null {
  const listeners: ProcListener[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    try {
      listeners.push(...parseProcNetTcp(readFileSync(file, 'utf8'), port, v6));
    } catch {
      // No IPv6, or no /proc: nothing to add.
    }
  }
  if (listeners.length === 0) return null;
  return listeners.map((l) => formatProcListener(l, ownerOf(l.inode))).join('\n');
}

function ownerOf(inode: string): { pid: number; comm: string } | null {
  const target = `socket:[${inode}]`;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          return { pid: Number(pid), comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() };
        }
      } catch {
        // The fd closed while we looked.
      }
    }
  }
  return null;
}
