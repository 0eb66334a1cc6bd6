import type { FileEdit } from '../types.js';
import { diffLines, type DiffOp } from './line-diff.js';

const CONTEXT = 3;

/** A patch as git writes it: one `diff --git` section per file, 3 lines of context. */
export function unifiedDiff(edits: readonly FileEdit[]): { diff: string; changedLines: number } {
  let diff = '';
  let changedLines = 0;
  for (const edit of edits) {
    const section = fileDiff(edit);
    diff += section.text;
    changedLines += section.changed;
  }
  return { diff, changedLines };
}

function fileDiff(edit: FileEdit): { text: string; changed: number } {
  const a = splitLines(edit.before);
  const b = splitLines(edit.after);
  const ops = diffLines(a.lines, b.lines);
  let header = `diff --git a/${edit.path} b/${edit.path}\n`;
  if (edit.before === null) header += 'new file mode 100644\n';
  if (edit.after === null) header += 'deleted file mode 100644\n';
  header +=
    `--- ${edit.before === null ? '/dev/null' : `a/${edit.path}`}\n` +
    `+++ ${edit.after === null ? '/dev/null' : `b/${edit.path}`}\n`;
  const hunks = toHunks(ops);
  const changed = ops.filter((op) => op.kind !== 'equal').length;
  return { text: header + hunks, changed };
}

// A last line without its newline is a different line from the same text with one (git sees
// it so); it carries a NUL marker through the diff and prints as "\ No newline at end of file".
const NO_NEWLINE = '\u0000';

function splitLines(text: string | null): { lines: string[] } {
  if (text === null || text === '') return { lines: [] };
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  else lines[lines.length - 1] += NO_NEWLINE;
  return { lines };
}

// Groups changes into hunks with up to 3 lines of context, merging hunks whose contexts touch.
function toHunks(ops: readonly DiffOp[]): string {
  const changes = ops.map((op, i) => (op.kind === 'equal' ? -1 : i)).filter((i) => i >= 0);
  if (changes.length === 0) return '';
  const ranges: [number, number][] = [];
  for (const i of changes) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length - 1, i + CONTEXT);
    const last = ranges.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  let out = '';
  let aLine = 0;
  let bLine = 0;
  let cursor = 0;
  for (const [from, to] of ranges) {
    for (; cursor < from; cursor++) advance(ops[cursor]!);
    const aStart = aLine;
    const bStart = bLine;
    let body = '';
    for (; cursor <= to; cursor++) {
      const op = ops[cursor]!;
      const mark = op.kind === 'equal' ? ' ' : op.kind === 'delete' ? '-' : '+';
      body += op.line.endsWith(NO_NEWLINE)
        ? `${mark}${op.line.slice(0, -1)}\n\\ No newline at end of file\n`
        : `${mark}${op.line}\n`;
      advance(op);
    }
    const aCount = aLine - aStart;
    const bCount = bLine - bStart;
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n${body}`;
  }
  return out;

  function advance(op: DiffOp): void {
    if (op.kind !== 'insert') aLine++;
    if (op.kind !== 'delete') bLine++;
  }
}

function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}
