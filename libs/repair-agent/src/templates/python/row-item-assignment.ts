import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { indentOf } from './expression-text.js';

/**
 * A query result row (SQLAlchemy's `Row`, a plain `tuple`) is immutable:
 * `row[1] = round(float(row[1]), 2)` fails with `'Row' object does not support item assignment`
 * → a mutable copy just before it (`row = list(row)` for positional items; `row =
 * dict(row._mapping)` for a Row's named items). No candidate when the function reads the row by
 * attribute after the copy (`row.location`: a list has none), or when the assignment is not to a
 * plain name's item.
 */
export const pythonRowItemAssignment: RepairTemplate = {
  id: 'python.row-item-assignment',
  language: 'python',
  summary: 'copy an immutable result row into a list (or dict) before assigning to its items',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const owner = /^'(Row|tuple|LegacyRow)' object does not support item assignment/.exec(
      exception?.message ?? '',
    )?.[1];
    if (!culprit || !owner) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1]!;
    const target = /^\s*(\w+)\[\s*(?:(-?\d+)|(["'])(\w+)\3)\s*\]\s*(?:[-+*/]?=)(?!=)/.exec(text);
    if (!target) return;
    const [, name, , , key] = target;
    if (key !== undefined && owner === 'tuple') return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const end = fn ? fn.endLine : culprit.line;
    // Read by attribute after the copy: the list (or dict) would break that line instead.
    const later = lines.slice(culprit.line - 1, end).some((l) => new RegExp(`\\b${name}\\.(?!_mapping\\b)\\w`).test(l));
    if (later) return;
    const copy = key === undefined ? `list(${name})` : `dict(${name}._mapping)`;
    lines.splice(culprit.line - 1, 0, `${indentOf(text)}${name} = ${copy}`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: `python.row-item-assignment#${key === undefined ? 'list' : 'dict'}`,
      summary: `copy ${name} with ${copy} before assigning to its item at ${culprit.file}:${culprit.line}`,
      template: { recipe: `python.row-item-assignment#${key === undefined ? 'list' : 'dict'}` },
    };
  },
};
