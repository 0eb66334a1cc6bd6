/**
 * Whose listener answered readiness: the app's own process tree, or a foreign process that
 * holds the port (started while the app was starting, or a second run's app). Read from the
 * `ss -lntp` lines the runner already looks up (`pid=` of each listener) and the parent chain.
 */

/** What /proc says about one process; null when it is gone or unreadable. */
export interface ProcessInfo {
  readonly ppid: number;
  readonly pgid: number;
  /** Its command line (or name). */
  readonly command: string;
}

/** Looks up a process (an adapter reads /proc/<pid>/stat and cmdline). */
export type ProcessInfoLookup = (pid: number) => ProcessInfo | null;

/** Who listens on the app's port. `unknown`: the lines name no process (no `ss`, no /proc, no rights). */
export type ListenerOwnership =
  | { readonly kind: 'own' }
  | { readonly kind: 'foreign'; readonly pid: number | null; readonly command: string | null; readonly line: string }
  | { readonly kind: 'unknown' };

/** Deepest parent chain followed (a loop in a broken /proc must not hang us). */
const MAX_DEPTH = 64;

/**
 * Classifies the listeners of the app's port against the tree of `rootPid` (the runner's child,
 * leader of its own process group): a listener in that group or below that pid is the app's.
 * Any listener that is not is foreign; a listener line without a pid, next to others that have
 * one, is another user's process (ours always show their pid) and foreign too. With `host`,
 * only listeners that would answer it count (its own address or a wildcard one).
 */
export function classifyListeners(
  lines: string | null,
  rootPid: number,
  lookup: ProcessInfoLookup,
  host?: string,
): ListenerOwnership {
  const listeners = (lines ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && (host === undefined || servesHost(line, host)));
  const pids = listeners.map((line) => [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
  if (pids.every((p) => p.length === 0)) return { kind: 'unknown' };
  for (const [i, line] of listeners.entries()) {
    const owners = pids[i]!;
    if (owners.length === 0) return { kind: 'foreign', pid: null, command: null, line };
    const stranger = owners.find((pid) => !inTree(pid, rootPid, lookup));
    if (stranger !== undefined)
      return { kind: 'foreign', pid: stranger, command: lookup(stranger)?.command ?? null, line };
  }
  return { kind: 'own' };
}

function inTree(pid: number, rootPid: number, lookup: ProcessInfoLookup): boolean {
  let current = pid;
  for (let depth = 0; depth < MAX_DEPTH && current > 1; depth++) {
    if (current === rootPid) return true;
    const info = lookup(current);
    if (!info) return false;
    if (info.pgid === rootPid) return true;
    current = info.ppid;
  }
  return false;
}

// The local address column of an `ss -lntp` line: `127.0.0.1:8000`, `[::1]:8000`, `*:8000`.
function servesHost(line: string, host: string): boolean {
  const local = line.trim().split(/\s+/)[3] ?? '';
  const address = local
    .slice(0, local.lastIndexOf(':'))
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (['*', '0.0.0.0', '::', ''].includes(address) || host === 'localhost') return true;
  const wanted = host.replace(/^\[|\]$/g, '');
  return address === wanted || address === `::ffff:${wanted}`;
}
