/**
 * How the CLI may draw on a stream: `live` (one status line redrawn in place) only on a TTY
 * without NO_COLOR, TERM=dumb or CI; anything else gets plain, appended lines that read well in a
 * log file. `color` follows FORCE_COLOR first (on unless 0/false), then NO_COLOR, then the
 * terminal's own answer (Node's `hasColors()`, which reads TERM and the depth it supports).
 */

/** What a stream can show. */
export interface TerminalMode {
  /** Redraw a status line in place (cursor movement); false: plain lines only. */
  readonly live: boolean;
  /** ANSI colours. */
  readonly color: boolean;
}

/** The bits of a stream the mode depends on (a `tty.WriteStream` has both). */
export interface StreamTraits {
  readonly isTTY?: boolean;
  hasColors?(): boolean;
}

/** The mode of `stream` under `env` (pass `process.env`; tests pass their own). */
export function terminalMode(stream: StreamTraits, env: Readonly<Record<string, string | undefined>>): TerminalMode {
  const tty = stream.isTTY === true;
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  const force = env['FORCE_COLOR'];
  const forced = force === undefined ? undefined : !['0', 'false'].includes(force.toLowerCase());
  const live = tty && !noColor && env['TERM'] !== 'dumb' && !env['CI'];
  const color = forced ?? (!noColor && tty && (stream.hasColors?.() ?? true));
  return { live, color };
}
