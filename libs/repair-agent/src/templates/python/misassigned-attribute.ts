import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { stems } from './field-meaning.js';
import { modelColumns } from './model-columns.js';

/** Where a created row is given an attribute its model has no column for. */
export interface MisassignedAttribute {
  /** 1-based line of `row.attribute = value`. */
  readonly line: number;
  readonly attribute: string;
}

/**
 * The one attribute a function sets on a row it creates (`delivery = Delivery(...)`, later
 * `delivery.net_weight = net`) that is no column of the model and nothing its class defines, when
 * the insert then misses the required `column` and the attribute shares a word with it (`net_kg`):
 * SQLAlchemy keeps the stray attribute on the instance and inserts NULL for the column. Null when
 * there is no such line, or more than one.
 */
export async function misassignedAttribute(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  model: string,
  column: string,
  file: string,
  fn: FunctionSummary,
): Promise<MisassignedAttribute | null> {
  const source = await tree.read(file);
  const found = await python.classNamed(model);
  if (source === null || !found) return null;
  const classText = splitSource((await tree.read(found.file)) ?? '')
    .lines.slice(found.cls.line - 1, found.cls.endLine)
    .join('\n');
  const columns = new Set((await modelColumns(python, tree, model)).map((c) => c.name));
  const { lines } = splitSource(source);
  const created = new RegExp(`^\\s*(\\w+)\\s*(?::[^=]+)?=\\s*(?:[\\w.]+\\.)?${model}\\(`);
  let row: string | null = null;
  const out: MisassignedAttribute[] = [];
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const text = lines[i] ?? '';
    row ??= created.exec(text)?.[1] ?? null;
    if (!row) continue;
    const attribute = new RegExp(`^\\s*${row}\\.(\\w+)\\s*=(?!=)`).exec(text)?.[1];
    if (!attribute || columns.has(attribute) || new RegExp(`\\b${attribute}\\b`).test(classText)) continue;
    out.push({ line: i + 1, attribute });
  }
  const own = stems(column).filter((w) => w.length >= 3 && w !== 'id' && w !== '@moment');
  const sharing = out.filter((o) => stems(o.attribute).some((w) => own.includes(w)));
  return out.length === 1 && sharing.length === 1 ? sharing[0]! : null;
}
