import { splitSource } from '../../python/python-edits.js';
import type { TemplateCandidate, TemplateContext } from '../template.js';

// None rounded or converted (CPython's words).
const NONE_USED = [
  /^type NoneType doesn't define __round__ method$/,
  /^float\(\) argument must be a string or a (?:real )?number, not 'NoneType'$/,
  /^int\(\) argument must be a string, a bytes-like object or a (?:real )?number, not 'NoneType'$/,
  /^conversion from NoneType to Decimal is not supported$/,
];
// `func.sum(Cutting.turfs).label("total_turfs")`, not already wrapped in a coalesce.
const LABELLED_SUM = /(?<!coalesce\(\s*)\bfunc\.sum\(((?:[^()]|\([^()]*\))*)\)\.label\(\s*(["'])(\w+)\2\s*\)/g;

/**
 * An ORM `select(func.sum(Cutting.wet_weight_kg).label("total_wet_weight_kg"), …)` over no rows
 * gives None, and the row's labelled value fails where it is converted (`round(row.total_wet_weight_kg,
 * 2)`) → `func.coalesce(func.sum(…), 0).label(…)` in the query, for that label and the query's other
 * labelled sums (None over the same empty rows). Only a label the culprit line converts, and a sum
 * of the failing function's own query; count, avg, min and max are left as they are.
 */
export async function* ormSumLabelCandidates(context: TemplateContext): AsyncGenerator<TemplateCandidate> {
  const { exception, culprit, tree, python } = context;
  if (!culprit || !NONE_USED.some((m) => m.test(exception?.message.trim() ?? ''))) return;
  const fn = await python.functionAt(culprit.file, culprit.line);
  const source = await tree.read(culprit.file);
  if (!fn || source === null) return;
  const { lines, join } = splitSource(source);
  const read = /(?<![\w.])(?:round|float|int|Decimal)\(\s*\w+\.(\w+)\s*[,)]/.exec(lines[culprit.line - 1] ?? '')?.[1];
  if (!read) return;
  const body = lines.slice(fn.bodyLine - 1, culprit.line - 1).join('\n');
  if (![...body.matchAll(LABELLED_SUM)].some((m) => m[3] === read)) return;
  const edited = body.replace(
    LABELLED_SUM,
    (_, inner: string, q: string, label: string) => `func.coalesce(func.sum(${inner}), 0).label(${q}${label}${q})`,
  );
  const out = [...lines];
  out.splice(fn.bodyLine - 1, culprit.line - fn.bodyLine, ...edited.split('\n'));
  await tree.write(culprit.file, join(out));
  yield {
    key: 'python.empty-aggregate#orm-coalesce',
    summary: `func.coalesce(…, 0) around the labelled sums (None over no rows) read at ${culprit.file}:${culprit.line}`,
    template: { recipe: 'python.empty-aggregate#orm-coalesce' },
  };
}
