/**
 * Server logs read from a stream (`smoke --server-log -`: a piped `docker logs -f app 2>&1`):
 * each complete line stamped with the time it arrived, like a tailed file.
 */
import type { Readable } from 'node:stream';
import type { FileLogSource } from './log-source.js';

/**
 * Reads `stream` from now on. `stop()` takes the last partial line and lets the stream go
 * (destroyed: a `docker logs -f` never ends, and an open stdin would keep the process alive).
 */
export function createStreamLogSource(
  stream: Readable,
  name = '<stdin>',
  options: { maxLines?: number; now?: () => number } = {},
): FileLogSource {
  const now = options.now ?? Date.now;
  const maxLines = options.maxLines ?? 200_000;
  const lines: { timeMs: number; stream: 'stdout'; line: string }[] = [];
  let partial = '';
  const onData = (chunk: Buffer | string) => {
    const parts = (partial + chunk.toString()).split(/\r?\n/);
    partial = parts.pop() ?? '';
    const timeMs = now();
    for (const line of parts) lines.push({ timeMs, stream: 'stdout', line });
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines);
  };
  stream.on('data', onData);
  // A closed pipe is the end of the log, not an error of the smoke.
  stream.on('error', () => undefined);
  let stopped = false;
  return {
    path: name,
    // Lines arrive as events; nothing to poll.
    poll: () => undefined,
    entries: (sinceMs = -Infinity, untilMs = Infinity) =>
      lines.filter((l) => l.timeMs >= sinceMs && l.timeMs <= untilMs),
    stop: () => {
      if (stopped) return;
      stopped = true;
      stream.off('data', onData);
      if (partial) lines.push({ timeMs: now(), stream: 'stdout', line: partial });
      partial = '';
      stream.destroy();
    },
  };
}
