import type { FunctionSummary } from '../../python/module-summary.js';
import { maskStrings, statementEnd } from './expression-text.js';

// `select(Cave)`, `select(models.Cave)`: one entity, rows of one element.
const ONE_ENTITY = /^\(?\s*select\(\s*(?:[a-z_]\w*\.)?[A-Z]\w*\s*\)/;
// Methods of a select that add to (or replace) what it selects: a statement rebuilt with them is no longer one entity.
const RESELECTS = /\.(?:add_columns|with_only_columns|add_entity|column)\(/;

/**
 * Whether `expr` (a statement as the code hands it to `execute`) selects exactly one entity, when
 * the function reads it on line `line` (0-based): a `select(OneEntity)…` inline, or a local
 * name first bound to one and rebound since only to itself refined (`stmt = stmt.where(…)`,
 * `.order_by`, `.offset`, `.limit` …), possibly refined inline too. A parameter, or any other
 * binding on the way, is unknown: false.
 */
export function selectsOneEntity(lines: readonly string[], fn: FunctionSummary, line: number, expr: string): boolean {
  const arg = expr.trim();
  if (ONE_ENTITY.test(arg)) return !RESELECTS.test(maskStrings(arg));
  // A name, or a name refined inline (`query.order_by(Cave.id).limit(20)`).
  const name = /^([A-Za-z_]\w*)\s*(?:,|$|\.)/.exec(arg)?.[1];
  if (!name || RESELECTS.test(maskStrings(arg))) return false;
  const binding = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)\\s*([\\s\\S]*)$`);
  const rebinding = new RegExp(`^\\(?\\s*${name}\\s*\\.`);
  const values: string[] = [];
  for (let i = fn.bodyLine - 1; i < line; i++) {
    // Augmented assignments, and loops or `with … as` binding the name, are no refinements we can read.
    if (new RegExp(`^\\s*${name}\\s*[-+*/|&]=|\\bfor\\s+${name}\\s+in\\b|\\bas\\s+${name}\\b`).test(lines[i]!)) {
      return false;
    }
    const m = binding.exec(lines[i]!);
    if (!m) continue;
    const end = statementEnd(lines, i + 1);
    values.push([m[1]!, ...lines.slice(i + 1, end)].join('\n'));
  }
  const [first, ...rest] = values;
  if (first === undefined || !ONE_ENTITY.test(first) || RESELECTS.test(maskStrings(first))) return false;
  return rest.every((v) => rebinding.test(v) && !RESELECTS.test(maskStrings(v)));
}
