/**
 * One status line at the bottom of the terminal, redrawn in place, with permanent lines printed
 * above it: the small renderer behind the CLI's progress. Written here rather than taken from a
 * spinner library (ora, cli-progress, listr2) because those hide the cursor through
 * `restore-cursor`/`signal-exit`, which hooks the very SIGINT/SIGTERM/SIGHUP the CLI handles to
 * stop the app cleanly; ora also reads stdin away (and `--server-log -` reads it); and without
 * a TTY they print nothing, where we want plain lines. No timers of its own: callers redraw
 * through `update`, at most every `minIntervalMs` (injected clock).
 */
import type { Writable } from 'node:stream';
import type { TerminalMode } from './terminal-mode.js';

/** The status line of one command run. */
export interface StatusLine {
  /** Sets the status text (live mode: redrawn, throttled unless `force`; plain mode: not shown). */
  update(text: string, force?: boolean): void;
  /** Prints a permanent line (without its newline) above the status line. */
  log(line: string): void;
  /** Removes the status line (the next output starts on a clean line). */
  clear(): void;
}

/** Options of `createStatusLine`. */
export interface StatusLineOptions {
  readonly mode: TerminalMode;
  /** Milliseconds now (injected in tests). */
  readonly now?: () => number;
  /** Least time between two redraws of the same line (default 80 ms). */
  readonly minIntervalMs?: number;
  /** Terminal width to cut the status to (default: the stream's columns, else 100). */
  readonly columns?: number;
}

const CLEAR = '\r\u001b[2K';

/** A status line on `stream` (stderr: progress never goes to stdout). */
export function createStatusLine(stream: Writable, options: StatusLineOptions): StatusLine {
  const now = options.now ?? Date.now;
  const min = options.minIntervalMs ?? 80;
  const width = () => Math.max(20, (options.columns ?? (stream as { columns?: number }).columns ?? 100) - 1);
  let text = '';
  let shown = false;
  let drawnAt = -Infinity;
  const draw = () => {
    if (!text) return;
    stream.write(`${CLEAR}${cut(text, width())}`);
    shown = true;
    drawnAt = now();
  };
  return {
    update(next, force = false) {
      text = next;
      if (options.mode.live && (force || now() - drawnAt >= min)) draw();
    },
    log(line) {
      stream.write(`${shown ? CLEAR : ''}${line}\n`);
      shown = false;
      if (options.mode.live) draw();
    },
    clear() {
      if (shown) stream.write(CLEAR);
      shown = false;
      text = '';
    },
  };
}

// Cut to the terminal's width by visible characters (ANSI colour codes do not count): a status
// line that wraps cannot be redrawn in place.
function cut(text: string, max: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    // eslint-disable-next-line no-control-regex -- an ANSI colour code starts with ESC
    const esc = /^\u001b\[[0-9;]*m/.exec(text.slice(i, i + 16));
    if (esc) {
      out += esc[0];
      i += esc[0].length - 1;
      continue;
    }
    if (visible === max) return `${out}…${out.includes('\u001b[') ? '\u001b[0m' : ''}`;
    out += text[i];
    visible += 1;
  }
  return out;
}
