/** The progress display of one command run on the CLI's stderr. */
import type { CliIo } from '../io.js';
import { paint, type Paint } from './colors.js';
import { createStatusLine, type StatusLine } from './status-line.js';
import { terminalMode, type StreamTraits, type TerminalMode } from './terminal-mode.js';

/** Mode, status line and colours for stderr. */
export interface Terminal {
  readonly mode: TerminalMode;
  readonly status: StatusLine;
  readonly paint: Paint;
  readonly now: () => number;
}

/** The terminal of `io.stderr` (progress never goes to stdout, where `--json` writes). */
export function stderrTerminal(io: CliIo, now: () => number = Date.now): Terminal {
  const mode = terminalMode(io.stderr as unknown as StreamTraits, io.env ?? process.env);
  return { mode, status: createStatusLine(io.stderr, { mode, now }), paint: paint(mode.color), now };
}

/**
 * Calls `tick` every second on a live terminal (elapsed time and ETA move while no event comes,
 * as while the server's traces are awaited); returns the stop. Plain terminals: no timer.
 */
export function tickEverySecond(terminal: Terminal, tick: () => void): () => void {
  if (!terminal.mode.live) return () => undefined;
  const timer = setInterval(tick, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
