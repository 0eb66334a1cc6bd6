/** `ProcessInfoLookup` on Linux: /proc/<pid>/stat (ppid, pgid) and /proc/<pid>/cmdline. */
import { readFileSync } from 'node:fs';
import type { ProcessInfo } from '../runner/listener-owner.js';

/** Parent, process group and command line of `pid`; null when it is gone or /proc is absent. */
export function readProcessInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is parenthesised and may hold spaces or parentheses: fields follow the last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    let command = name;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length > 0) command = argv.join(' ');
    } catch {
      // Keep the name.
    }
    return { ppid: Number(fields[1]), pgid: Number(fields[2]), command };
  } catch {
    return null;
  }
}
