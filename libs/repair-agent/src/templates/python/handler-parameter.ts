// Reading and extending a FastAPI handler's parameter list as written: the inspector gives the
// parameter names and annotations, not their defaults (`= Depends(get_db)`) nor where the list closes.
import type { FunctionSummary } from '../../python/module-summary.js';
import { maskStrings } from './expression-text.js';

/** A place in the source: 0-based line and character index. */
interface Place {
  readonly line: number;
  readonly col: number;
}

/** A session parameter the handler takes through a dependency: the dependency's name and the text after `name:`. */
export interface DependencyParameter {
  /** The dependency function as called, last dotted part (`get_db` of `deps.get_db`). */
  readonly name: string;
  /** `Session = Depends(get_db)`, or `Annotated[Session, Depends(get_db)]`. */
  readonly text: string;
  /** Whether the text carries a default (`= Depends(...)`): it may then follow defaulted parameters. */
  readonly defaulted: boolean;
}

// The parentheses of the `def` line's parameter list; null when they do not close in the function.
function parameterParens(lines: readonly string[], fn: FunctionSummary): { open: Place; close: Place } | null {
  let open: Place | null = null;
  let depth = 0;
  for (let i = fn.line - 1; i < fn.endLine; i++) {
    const masked = maskStrings(lines[i] ?? '');
    const start = open === null ? masked.search(new RegExp(`\\bdef\\s+${fn.name}\\s*\\(`)) : 0;
    if (start < 0) continue;
    const from: number = open === null ? masked.indexOf('(', start) : 0;
    for (let c = from; c < masked.length; c++) {
      const ch = masked[c]!;
      if ('([{'.includes(ch)) {
        if (open === null) open = { line: i, col: c };
        depth++;
      } else if (')]}'.includes(ch) && --depth === 0 && open) return { open, close: { line: i, col: c } };
    }
  }
  return null;
}

// The handler's parameters as written, split at top-level commas (trimmed, without a trailing empty one).
function parameterTexts(lines: readonly string[], fn: FunctionSummary): string[] | null {
  const parens = parameterParens(lines, fn);
  if (!parens) return null;
  const { open, close } = parens;
  const text = lines
    .slice(open.line, close.line + 1)
    .map((l, i) => {
      const masked = maskStrings(l);
      const from = i === 0 ? open.col + 1 : 0;
      const to = i === close.line - open.line ? close.col : l.length;
      // Masked for the commas, the original text kept (a string default stays as written).
      return [l.slice(from, to), masked.slice(from, to)] as const;
    })
    .reduce<[string, string]>((acc, [t, m]) => [`${acc[0]}\n${t}`, `${acc[1]}\n${m}`], ['', '']);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let c = 0; c <= text[1].length; c++) {
    const ch = text[1][c];
    if (ch !== undefined && '([{'.includes(ch)) depth++;
    else if (ch !== undefined && ')]}'.includes(ch)) depth--;
    else if (ch === undefined || (ch === ',' && depth === 0)) {
      const param = text[0]
        .slice(from, c)
        .replace(/#[^\n]*/g, '')
        .trim();
      if (param) out.push(param);
      from = c + 1;
    }
  }
  return out;
}

/** The handler's parameter that takes a `Session` through `Depends(fn)`; null when it has none. */
export function dependencyParameter(lines: readonly string[], fn: FunctionSummary): DependencyParameter | null {
  for (const param of parameterTexts(lines, fn) ?? []) {
    const m = /^\w+\s*:\s*([\s\S]+)$/.exec(param);
    if (!m || !/\b(?:Async)?Session\b/.test(m[1]!)) continue;
    const depends = /\bDepends\(\s*(?:dependency\s*=\s*)?([A-Za-z_][\w.]*)\s*\)/.exec(m[1]!);
    if (!depends) continue;
    const text = m[1]!.replace(/\s+/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']');
    return { name: depends[1]!.split('.').pop()!, text, defaulted: hasDefault(text) };
  }
  return null;
}

// Whether a parameter's text has a default: an `=` outside brackets and strings.
function hasDefault(param: string): boolean {
  let depth = 0;
  const masked = maskStrings(param.replace(/\n/g, ' '));
  for (let c = 0; c < masked.length; c++) {
    const ch = masked[c]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '=' && depth === 0 && !'=!<>'.includes(masked[c - 1] ?? '') && masked[c + 1] !== '=') return true;
  }
  return false;
}

/**
 * Appends `param` (`db: Session = Depends(get_db)`) to the handler's parameter list as written: inline
 * on a one-line list, on its own line (with a trailing comma) on an exploded one. False when the list
 * cannot take it last (`**kwargs`, or a parameter without default after defaulted ones).
 */
export function addParameter(lines: string[], fn: FunctionSummary, param: string, defaulted: boolean): boolean {
  const parens = parameterParens(lines, fn);
  const params = parameterTexts(lines, fn);
  if (!parens || !params) return false;
  if (params.some((p) => p.startsWith('**')) || (!defaulted && params.some(hasDefault))) return false;
  const { open, close } = parens;
  const closing = lines[close.line]!;
  if (params.length === 0) {
    if (open.line !== close.line) return false;
    lines[close.line] = `${closing.slice(0, close.col)}${param}${closing.slice(close.col)}`;
    return true;
  }
  if (closing.slice(0, close.col).trim() !== '') {
    // `def f(a, b):` (or the last parameter on the closing line): inline, after the last one.
    const before = closing.slice(0, close.col).trimEnd();
    const glue = before.endsWith(',') ? ' ' : ', ';
    lines[close.line] = `${before}${glue}${param}${closing.slice(close.col)}`;
    return true;
  }
  // An exploded list, `)` on a line of its own: a line like the last parameter's.
  let last = close.line - 1;
  while (last > open.line && lines[last]!.trim() === '') last--;
  if (last === open.line || /#/.test(maskStrings(lines[last]!))) return false;
  const prev = lines[last]!.trimEnd();
  lines[last] = prev.endsWith(',') ? prev : `${prev},`;
  lines.splice(last + 1, 0, `${/^\s*/.exec(lines[last]!)![0]}${param},`);
  return true;
}
