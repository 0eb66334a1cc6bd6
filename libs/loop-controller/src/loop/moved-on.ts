import type { Violation } from '@smoke-repair/smoke-validator';

/**
 * The same signature, yet the request got further: the error now comes from a later line of the
 * same function — past where the old line moved to once the patch's lines were added or removed —
 * with another message (`'coroutine' object has no attribute 'total'` before, `'Tour' object has no
 * attribute 'title'` after). Signatures leave line numbers and quoted names out so that one bug
 * keeps one signature; the fix of one bug that exposes the next one in the same function must
 * not look like no fix at all.
 */
export function movedOn(old: Violation, now: Violation, diff: string): boolean {
  const file = old.signature.file;
  const oldLine = old.signature.line;
  const nowLine = now.signature.line;
  if (file === undefined || oldLine === undefined || nowLine === undefined || now.signature.file !== file) return false;
  const before = old.traces[0]?.exception?.message;
  const after = now.traces[0]?.exception?.message;
  if (before === undefined || after === undefined || before === after) return false;
  const moved = newLineOf(diff, file, oldLine);
  if (moved !== null) return nowLine > moved;
  // The patch rewrote the failing line itself: past the rewrite is the first line it kept after it.
  for (let next = oldLine + 1; next <= oldLine + 50; next++) {
    const kept = newLineOf(diff, file, next);
    if (kept !== null) return nowLine >= kept;
  }
  return false;
}

/**
 * Where line `oldLine` of `file` is after `diff` (1-based), or null when the patch rewrote it.
 */
export function newLineOf(diff: string, file: string, oldLine: number): number | null {
  let current: string | null = null;
  let oldAt = 0;
  let newAt = 0;
  let shift = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith('--- ')) {
      current = text.slice(4).trim().replace(/^a\//, '');
      continue;
    }
    if (text.startsWith('+++ ')) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      if (current !== file) continue;
      oldAt = Number(hunk[1]);
      newAt = Number(hunk[2]);
      if (oldAt > oldLine) return oldLine + shift;
      continue;
    }
    if (current !== file || oldAt === 0) continue;
    if (text.startsWith('-')) {
      if (oldAt === oldLine) return null;
      oldAt++;
    } else if (text.startsWith('+')) newAt++;
    else if (text.startsWith(' ')) {
      if (oldAt === oldLine) return newAt;
      oldAt++;
      newAt++;
    }
    shift = newAt - oldAt;
  }
  return oldLine + shift;
}
