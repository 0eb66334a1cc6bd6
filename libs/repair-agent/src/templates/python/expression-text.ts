import { codeEnd } from './call-keyword.js';
// Line-level reading of Python expressions for the contract templates: the inspector gives
// functions and calls, not operands, so operators are found in the text with strings masked.

/**
 * The line with every string literal's content (and comments) replaced by spaces: operators in text are not operators.
 */
export function maskStrings(line: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') {
        out += '  ';
        i++;
      } else if (line.startsWith(quote, i)) {
        out += quote;
        i += quote.length - 1;
        quote = null;
      } else out += ' ';
    } else if (ch === '#') return out + ' '.repeat(line.length - i);
    else if (ch === '"' || ch === "'") {
      quote = line.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      out += quote;
      i += quote.length - 1;
    } else out += ch;
  }
  return out;
}

const WORD = /[\w.]/;

/**
 * Start index of the primary expression (`a.b(c)[d]`, `sum(x)`) that ends just before `end` (exclusive); -1 when none.
 */
export function operandStart(masked: string, end: number): number {
  let i = end;
  while (i > 0 && masked[i - 1] === ' ') i--;
  const stop = i;
  while (i > 0) {
    const ch = masked[i - 1]!;
    if (')]}'.includes(ch)) {
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        if (')]}'.includes(masked[j]!)) depth++;
        else if ('([{'.includes(masked[j]!) && --depth === 0) break;
      }
      if (j < 0) return -1;
      i = j;
    } else if (ch === '"' || ch === "'") {
      const open = masked.lastIndexOf(ch, i - 2);
      if (open < 0) return -1;
      i = open;
    } else if (WORD.test(ch)) {
      while (i > 0 && WORD.test(masked[i - 1]!)) i--;
      // `a(b).c`: the word began with a dot, so the trailer before it belongs to this operand.
      if (!(masked[i] === '.' && i > 0 && ')]}'.includes(masked[i - 1]!))) break;
    } else break;
  }
  return i === stop ? -1 : i;
}

/** End index (exclusive) of the primary expression starting at or after `start`. */
export function operandEnd(masked: string, start: number): number {
  let i = start;
  while (masked[i] === ' ') i++;
  const begin = i;
  for (;;) {
    const ch = masked[i];
    if (ch === '(' || ch === '[' || ch === '{') {
      let depth = 0;
      let j = i;
      for (; j < masked.length; j++) {
        if ('([{'.includes(masked[j]!)) depth++;
        else if (')]}'.includes(masked[j]!) && --depth === 0) break;
      }
      if (j >= masked.length) return -1;
      i = j + 1;
    } else if (ch !== undefined && WORD.test(ch)) {
      while (i < masked.length && WORD.test(masked[i]!)) i++;
    } else break;
    if (!(masked[i] === '(' || masked[i] === '[' || masked[i] === '.')) break;
  }
  return i === begin ? -1 : i;
}

/** Index of every top-level-or-nested occurrence of a binary operator on a masked line (`/` not `//`, `<` not `<<`). */
export function operatorIndexes(masked: string, operators: readonly string[]): { at: number; op: string }[] {
  const out: { at: number; op: string }[] = [];
  for (let i = 0; i < masked.length; i++) {
    for (const op of [...operators].sort((a, b) => b.length - a.length)) {
      if (!masked.startsWith(op, i)) continue;
      const before = masked[i - 1] ?? '';
      const after = masked[i + op.length] ?? '';
      // `->`, `=>`, `//=`, `<<`, `-=`, `**` and the like are other operators.
      if ('<>=!/*-+'.includes(after) || (op.length === 1 && '<>=!/*-+'.includes(before))) continue;
      out.push({ at: i, op });
      i += op.length - 1;
      break;
    }
  }
  return out;
}

/** The 1-based last line of the statement starting on `line` (brackets balanced again). */
export function statementEnd(lines: readonly string[], line: number): number {
  let depth = 0;
  for (let i = line - 1; i < lines.length; i++) {
    for (const c of maskStrings(lines[i]!)) depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    if (depth <= 0 && !/\\\s*$/.test(lines[i]!)) return i + 1;
  }
  return line;
}

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

/**
 * The unit of indentation the file uses: what a block's first line adds to the line that opens it
 * (`if x:` → its body), never a continuation line's alignment (`from m import (a,\n          b)`).
 * Four spaces when it cannot tell.
 */
export function indentUnit(lines: readonly string[]): string {
  let opener: string | null = null;
  for (const line of lines) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = indentOf(line);
    if (opener !== null && indent.length > opener.length && indent.startsWith(opener))
      return indent.slice(opener.length);
    opener = /:\s*(#.*)?$/.test(line) ? indent : null;
  }
  return '    ';
}

/** `line_item` → `Line item`; `OrderLine` stays. */
export function entityLabel(name: string): string {
  if (/^[A-Z]/.test(name))
    return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/ (\w)/g, (_m, c: string) => ` ${c.toLowerCase()}`);
  const words = name.split('_').filter(Boolean);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether one of the lines assigns `name` as a statement (`id = …`, `total: int = …`): a keyword
 * argument inside a call spread over lines (`Kennel(\n    id=kennel.id,`) is none.
 */
export function assignsName(lines: readonly string[], name: string): boolean {
  const assignment = new RegExp(String.raw`^\s*${name}\s*(?::[^=]+)?=(?!=)`);
  let depth = 0;
  for (const line of lines) {
    const code = maskStrings(line.slice(0, codeEnd(line)));
    if (depth === 0 && assignment.test(code)) return true;
    for (const c of code) depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    depth = Math.max(depth, 0);
  }
  return false;
}
