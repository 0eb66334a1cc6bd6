/**
 * Reads pytest's failure text (`--tb=auto|long|short`, collection errors, setup errors) into
 * frames and exceptions, and re-renders it as a standard Python traceback so log-parser can
 * find the culprit and compute the same signature a server log would give.
 */

/** One frame pytest printed. `file` as pytest wrote it (relative to its rootdir or absolute). */
interface PytestFrame {
  readonly file: string;
  readonly line: number;
  readonly function: string;
  readonly source: string;
}

/** One exception of a (possibly chained) failure, oldest first in `PytestFailure.chain`. */
export interface PytestException {
  readonly frames: readonly PytestFrame[];
  /** The exception type (qualified when pytest printed it so), or null when not shown. */
  readonly type: string | null;
  /** The first line of the error (`E   ` lines), without the type. */
  readonly message: string;
  /** How the next exception in the chain relates to this one. */
  readonly relation: 'cause' | 'context' | null;
}

// `path:line: ` (long entry end), `path:line: ExcType` (last long entry), `path:line: in func` (short).
const LOCATION = /^([^\s:][^:\n]*?\.[A-Za-z0-9]+):(\d+):(?: (?:in (\S+)|([A-Za-z_][\w.]*))?)?\s*$/;
const SEPARATOR = /^(?:_ )+_?\s*$/;
const E_LINE = /^E {2,}(.*)$|^E$/;
const DEF_LINE = /^\s*(?:async\s+)?def\s+(\w+)\s*\(/;
const CAUSE = 'The above exception was the direct cause of the following exception:';
const CONTEXT = 'During handling of the above exception, another exception occurred:';
const TYPE_AND_MESSAGE = new RegExp(
  String.raw`^([A-Za-z_][\w.]*?(?:Error|Exception|Exit|Interrupt|Warning|Failed|Iteration|Group)|` +
    String.raw`[A-Za-z_][\w.]*\.[A-Z]\w*|[A-Z]\w*):(?: (.*))?$`,
);

/** Splits an `E   ` line into exception type and message (`assert …` is an AssertionError). */
export function splitErrorLine(line: string): { type: string | null; message: string } {
  const match = TYPE_AND_MESSAGE.exec(line);
  if (match) return { type: match[1]!, message: match[2] ?? '' };
  if (/^assert\b/.test(line)) return { type: 'AssertionError', message: line };
  return { type: null, message: line };
}

/** Parses pytest's failure text into its exception chain (oldest first; the last is reported). */
export function parsePytestFailure(text: string): PytestException[] {
  const chain: PytestException[] = [];
  let frames: PytestFrame[] = [];
  let block: string[] = []; // lines of the current long entry, before its location line
  let errorLines: string[] = [];
  let locationType: string | null = null;
  let pendingShort: { file: string; line: number; function: string } | null = null;
  let previousWasError = false;

  const finish = (relation: PytestException['relation']): void => {
    if (frames.length === 0 && errorLines.length === 0) return;
    const first = splitErrorLine(errorLines[0] ?? '');
    chain.push({ frames, type: first.type ?? locationType, message: first.message, relation });
    frames = [];
    block = [];
    errorLines = [];
    locationType = null;
  };

  for (const raw of text.split(/\r?\n/)) {
    if (pendingShort) {
      frames.push({ ...pendingShort, source: raw.trim() });
      pendingShort = null;
      if (/^\s/.test(raw)) continue;
    }
    if (raw.trim() === CAUSE || raw.trim() === CONTEXT) {
      finish(raw.trim() === CAUSE ? 'cause' : 'context');
      continue;
    }
    if (SEPARATOR.test(raw)) {
      block = [];
      continue;
    }
    const error = E_LINE.exec(raw);
    if (error) {
      // A new E block replaces an earlier one: the last block describes the raised exception.
      if (!previousWasError) errorLines = [];
      errorLines.push((error[1] ?? '').trimEnd());
      block.push(raw);
      previousWasError = true;
      continue;
    }
    previousWasError = false;
    const location = LOCATION.exec(raw);
    if (location) {
      const [, file, line, func, type] = location;
      if (func !== undefined) {
        pendingShort = { file: file!, line: Number(line), function: func };
      } else {
        const def = block.map((l) => DEF_LINE.exec(l)?.[1]).find((name) => name !== undefined);
        const marked = block.find((l) => l.startsWith('>'));
        frames.push({
          file: file!,
          line: Number(line),
          function: def ?? '<unknown>',
          source: (marked ?? '').slice(1).trim(),
        });
        if (type !== undefined) locationType = type;
      }
      block = [];
      continue;
    }
    block.push(raw);
  }
  if (pendingShort) frames.push({ ...pendingShort, source: '' });
  finish(null);
  return chain;
}

/**
 * Renders the chain as a standard Python traceback (paths made absolute against `root`), the
 * format log-parser reads. Returns '' when there is nothing to render.
 */
export function renderPythonTraceback(chain: readonly PytestException[], root: string): string {
  const blocks = chain.map((exc, i) => {
    const lines = ['Traceback (most recent call last):'];
    for (const f of exc.frames) {
      const file = f.file.startsWith('/') ? f.file : `${root.replace(/\/$/, '')}/${f.file}`;
      lines.push(`  File "${file}", line ${f.line}, in ${f.function}`);
      if (f.source) lines.push(`    ${f.source}`);
    }
    const type = exc.type ?? 'Exception';
    lines.push(exc.message ? `${type}: ${exc.message}` : type);
    const relation = i < chain.length - 1 ? exc.relation : null;
    if (relation) lines.push('', relation === 'cause' ? CAUSE : CONTEXT, '');
    return lines.join('\n');
  });
  return chain.some((e) => e.frames.length > 0) ? `${blocks.join('\n')}\n` : '';
}
