/**
 * Adding a keyword argument to a Python call that may span lines: after the last argument, in
 * the call's own layout (a trailing comma kept, one argument per line kept), so a multi-line
 * `JSONResponse(\n    content={...},\n)` becomes `...,\n    status_code=201,\n)` and not `,\n, status_code=201)`.
 */

/** Index of the `#` that starts a comment on the line (outside string literals), else the line's length. */
export function codeEnd(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return i;
  }
  return line.length;
}

/**
 * The closing parenthesis of the call opened on `line` (1-based) by the first `(` at or after
 * `fromIndex`: its 0-based line index and character index, or null when brackets never balance.
 */
export function closingParen(
  lines: readonly string[],
  line: number,
  fromIndex = 0,
): { line: number; index: number } | null {
  let depth = 0;
  let opened = false;
  for (let i = line - 1; i < lines.length; i++) {
    const text = lines[i]!;
    const end = codeEnd(text);
    let quote: string | null = null;
    for (let j = i === line - 1 ? fromIndex : 0; j < end; j++) {
      const ch = text[j]!;
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if ('([{'.includes(ch)) {
        depth++;
        opened = true;
      } else if (')]}'.includes(ch)) {
        depth--;
        if (opened && depth === 0) return { line: i, index: j };
      }
    }
  }
  return null;
}

/**
 * Inserts `keyword` (`status_code=201`) as the last argument of the call whose closing `)` is
 * at `close`; `open` is the 0-based line the call starts on. Edits `lines` in place.
 */
export function addKeywordArgument(
  lines: string[],
  open: number,
  close: { line: number; index: number },
  keyword: string,
): void {
  // The last significant character before the closing paren, skipping blanks and comments.
  let at: { line: number; index: number } | null = null;
  for (let i = close.line; i >= open && !at; i--) {
    const text = lines[i]!;
    const limit = i === close.line ? close.index : codeEnd(text);
    for (let j = limit - 1; j >= 0; j--) {
      if (!/\s/.test(text[j]!)) {
        at = { line: i, index: j };
        break;
      }
    }
  }
  if (!at) return;
  const previous = lines[at.line]![at.index]!;
  if (previous === '(' || at.line === close.line) {
    const text = lines[close.line]!;
    const separator = previous === '(' ? '' : previous === ',' ? ' ' : ', ';
    lines[close.line] = `${text.slice(0, close.index).trimEnd()}${separator}${keyword}${text.slice(close.index)}`;
    return;
  }
  // The closing paren sits on a line of its own: one argument per line, in the arguments' indentation.
  const opener = lines[open]!.slice(0, codeEnd(lines[open]!)).trimEnd();
  const indent =
    opener.endsWith('(') && open + 1 < close.line
      ? /^\s*/.exec(lines[open + 1]!)![0]
      : `${/^\s*/.exec(lines[close.line]!)![0]}    `;
  const trailing = previous === ',';
  if (!trailing) {
    const text = lines[at.line]!;
    lines[at.line] = `${text.slice(0, at.index + 1)},${text.slice(at.index + 1)}`;
  }
  lines.splice(at.line + 1, 0, `${indent}${keyword}${trailing ? ',' : ''}`);
}
