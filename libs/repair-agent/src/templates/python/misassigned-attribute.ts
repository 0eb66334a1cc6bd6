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
 * the insert then misses the required `column` and the two names differ in one word that names
 * the same quantity (`weight` and `kg`), or the attribute is the column's name with one word more
 * (`season_year` for `season`): SQLAlchemy keeps the stray attribute on the instance and
 * inserts NULL for the column. Null when there is no such line, more than one, or a schema
 * declares the attribute (a value set for the response to read).
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
  if (out.length !== 1) return null;
  return sameQuantity(out[0]!.attribute, column) && !(await schemaField(python, tree, out[0]!.attribute))
    ? out[0]!
    : null;
}

// Words of one quantity, a unit or its name: `net_weight` is `net_kg`, `total_items` is no `total_cents`.
const QUANTITIES = [
  ['weight', 'kg', 'kilogram', 'g', 'gram', 'lb', 'lbs', 'mass', 'tonne', 'ton', 't'],
  ['price', 'cost', 'amount', 'cent', 'fee', 'value', 'money', 'eur', 'usd', 'gbp'],
  ['duration', 'minute', 'min', 'second', 'sec', 'hour', 'ms', 'day'],
  ['count', 'qty', 'quantity', 'number', 'num', 'item'],
  ['percent', 'pct', 'percentage', 'ratio', 'rate'],
  ['length', 'distance', 'km', 'm', 'meter', 'metre', 'cm', 'mile'],
  ['volume', 'liter', 'litre', 'l', 'ml'],
];

// The same words but one, and that one names the same quantity (a unit for its name, or another
// unit); or the column's words and one more (`season_year` for `season`).
function sameQuantity(attribute: string, column: string): boolean {
  const [a, c] = [stems(attribute), stems(column)];
  const onlyA = a.filter((w) => !c.includes(w));
  const onlyC = c.filter((w) => !a.includes(w));
  if (a.length - onlyA.length === 0 || onlyA.length !== 1) return false;
  // The column's words and one more that says what the value is (`season_year` for `season`).
  if (onlyC.length === 0) return true;
  return onlyC.length === 1 && QUANTITIES.some((q) => q.includes(onlyA[0]!) && q.includes(onlyC[0]!));
}

// Whether a class other than the model declares the attribute (`total_items: int` in a response
// schema): a value set on the row for the response to read, not a misspelt column.
async function schemaField(python: PythonProject, tree: Pick<SourceTree, 'read'>, name: string): Promise<boolean> {
  const declared = new RegExp(`^\\s+${name}\\s*:`, 'm');
  for (const [file, module] of await python.modules()) {
    if (module.classes.length === 0) continue;
    const text = (await tree.read(file)) ?? '';
    if (declared.test(text)) return true;
  }
  return false;
}
