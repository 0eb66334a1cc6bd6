import { splitSource } from '../python/python-edits.js';
import type { PythonProject } from '../python/python-project.js';
import type { CulpritLocation } from '../recipes/recipe.js';
import type { FileEdit } from '../types.js';
import { diffLines } from '../diff/line-diff.js';
import { abstractEdit, type EditTemplate } from './edit-template.js';

// A learned edit is anchored at the culprit: changes further away are not part of the shape.
const MAX_DISTANCE = 6;

/**
 * Generalises a confirmed fix into an edit template (Getafix, from one example): the changed
 * block at the culprit, with the names that are this app's own — those in the error message,
 * the culprit function's parameters and locals, the project's classes and functions — made
 * holes. Returns null for fixes that are not one local block at the culprit.
 */
export async function generalizeEdits(
  edits: readonly FileEdit[],
  culprit: CulpritLocation | null,
  message: string,
  python: PythonProject | null,
): Promise<EditTemplate | null> {
  if (!culprit) return null;
  const edit = edits.find((e) => e.path === culprit.file);
  if (!edit || edit.before === null || edit.after === null) return null;
  const before = splitSource(edit.before).lines;
  const after = splitSource(edit.after).lines;
  const block = changedBlockNear(before, after, culprit.line - 1);
  if (!block) return null;
  const own = new Set<string>();
  for (const token of message.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) own.add(token);
  for (const literal of message.match(/'[^']*'|"[^"]*"/g) ?? []) own.add(literal.slice(1, -1));
  if (python && culprit.file.endsWith('.py')) {
    const fn = await python.functionAt(culprit.file, culprit.line);
    for (const name of [...(fn?.params ?? []), ...(fn?.locals ?? [])]) own.add(name);
    for (const module of (await python.modules()).values()) {
      for (const def of module.defs) if (def.kind !== 'variable') own.add(def.name);
    }
  }
  const vary = (token: string) => own.has(token.replace(/^["']|["']$/g, ''));
  const template = abstractEdit(block.before, block.after, vary);
  return template.holes > 0 || template.before.join('\n') !== template.after.join('\n') ? template : null;
}

// The one run of changed lines that starts within MAX_DISTANCE of the culprit, with the
// unchanged lines between its changes; its `before` side must not be empty (something to match).
function changedBlockNear(
  before: readonly string[],
  after: readonly string[],
  culprit: number,
): { before: string[]; after: string[] } | null {
  const ops = diffLines(before, after);
  let aLine = 0;
  let first = -1;
  let last = -1;
  const positions: number[] = [];
  ops.forEach((op, i) => {
    positions.push(aLine);
    if (op.kind !== 'equal' && Math.abs(aLine - culprit) <= MAX_DISTANCE) {
      if (first < 0) first = i;
      last = i;
    }
    if (op.kind !== 'insert') aLine++;
  });
  if (first < 0) return null;
  while (first > 0 && ops[first]!.kind === 'insert' && ops[first - 1]!.kind !== 'equal') first--;
  const slice = ops.slice(first, last + 1);
  const blockBefore = slice.filter((op) => op.kind !== 'insert').map((op) => op.line);
  const blockAfter = slice.filter((op) => op.kind !== 'delete').map((op) => op.line);
  if (blockBefore.length === 0) {
    // A pure insertion: anchor it on the culprit line itself.
    const anchor = before[positions[first]! - 1] ?? before[culprit];
    if (anchor === undefined) return null;
    return { before: [anchor], after: [anchor, ...blockAfter] };
  }
  return { before: blockBefore, after: blockAfter };
}
