import { diffLines } from '../diff/line-diff.js';
import type { SourceTree } from '../source/source-tree.js';
import type { CulpritLocation } from './recipe.js';

/**
 * The culprit as the current tree has it. A trace names lines of the files as they ran; an
 * earlier patch of the same round (an import added above) shifts them.
 */
export async function remapCulprit(tree: SourceTree, culprit: CulpritLocation | null): Promise<CulpritLocation | null> {
  if (!culprit) return null;
  const edit = (await tree.editsSince(0)).find((e) => e.path === culprit.file);
  if (!edit || edit.before === null || edit.after === null) return culprit;
  const line = mapLine(edit.before.split('\n'), edit.after.split('\n'), culprit.line);
  return line === null ? culprit : { ...culprit, line };
}

/** Where 1-based `line` of `before` is in `after` (a changed line: where its replacement starts). */
export function mapLine(before: readonly string[], after: readonly string[], line: number): number | null {
  let a = 0;
  let b = 0;
  for (const op of diffLines(before, after)) {
    if (op.kind === 'equal') {
      a++;
      b++;
      if (a === line) return b;
    } else if (op.kind === 'delete') {
      a++;
      if (a === line) return b + 1;
    } else b++;
  }
  return null;
}

/**
 * True when an earlier patch of this round rewrote the very line the trace failed at (`culprit`
 * as the trace names it), or put lines right before it (a guard, a normalisation): that patch
 * answers this failure too, or fails, and its verdict comes first. A second edit there would be
 * written on top of the first (a guard around a guard).
 */
export async function culpritRewritten(tree: SourceTree, culprit: CulpritLocation | null): Promise<boolean> {
  if (!culprit) return false;
  const edit = (await tree.editsSince(0)).find((e) => e.path === culprit.file);
  if (!edit || edit.before === null || edit.after === null) return false;
  let a = 0;
  // The change block right before the line: lines only added (a guard), not a line rewritten
  // (`exports.list = (req, res) =>` made async above it).
  let inserted = 0;
  let deleted = 0;
  for (const op of diffLines(edit.before.split('\n'), edit.after.split('\n'))) {
    if (op.kind === 'insert') {
      inserted++;
      continue;
    }
    a++;
    if (a === culprit.line) return op.kind === 'delete' || (inserted > 0 && deleted === 0);
    if (op.kind === 'delete') deleted++;
    else [inserted, deleted] = [0, 0];
  }
  return false;
}
