import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { emptyValues, withDecimal } from './empty-value.js';
import { sqlAggregateCandidates } from './empty-sql-aggregate.js';
import { sqlTextAggregateCandidates } from './sql-text-aggregate.js';
import { ormSumLabelCandidates } from './orm-sum-label.js';
import { maskStrings, operandEnd } from './expression-text.js';

// `max() arg is an empty sequence` (3.11), `max() iterable argument is empty` (3.12+), and
// statistics' `mean requires at least one data point`, `no median for empty data`.
const MESSAGE = new RegExp(
  String.raw`^(max|min)\(\) (?:arg is an empty sequence|iterable argument is empty)|^(f?mean|median\w*|` +
    String.raw`mode|geometric_mean|harmonic_mean) requires at least one data point|^no (median|` +
    String.raw`mode) for empty data`,
);

/**
 * An aggregate over an empty collection fails (`ValueError: max() arg is an empty sequence`,
 * `StatisticsError: mean requires at least one data point`) → give it the value the documented
 * response allows for the field it feeds: `max(xs, default=0)`, `mean(xs) if xs else None` —
 * `0`/`0.0`/`Decimal(0)` for a required number, `None` first for a nullable one. A generator
 * argument is guarded by the collection it iterates; an argument whose emptiness cannot be read
 * (a call) gets no candidate. A SQL aggregate over no rows is None instead, and fails where it is
 * used (`round(None)`, `None.quantize`): see sqlAggregateCandidates, and sqlTextAggregateCandidates
 * for one in raw SQL text.
 */
export const pythonEmptyAggregate: RepairTemplate = {
  id: 'python.empty-aggregate',
  language: 'python',
  summary: 'give an aggregate over an empty collection the value the response schema allows',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['ValueError', 'StatisticsError', 'statistics.StatisticsError', 'TypeError', 'AttributeError'],
    culprit: true,
  },
  async *candidates(context) {
    const { exception, culprit, tree, python, operation } = context;
    const match = exception && MESSAGE.exec(exception.message);
    if (!match) yield* sqlAggregateCandidates(context);
    if (!match) yield* sqlTextAggregateCandidates(context);
    if (!match) yield* ormSumLabelCandidates(context);
    if (!match || !culprit) return;
    const name = (match[1] ?? match[2] ?? match[3])!;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text);
    const call = new RegExp(`(?<![\\w])(?:statistics\\.)?${name}\\(`).exec(masked);
    if (!call) return;
    const end = operandEnd(masked, call.index);
    if (end < 0) return;
    const args = text.slice(call.index + call[0].length, end - 1).trim();
    const minMax = name === 'max' || name === 'min';
    if (minMax && /\bdefault\s*=/.test(args)) return;
    // What "empty" is read from: the argument itself, or the collection a generator iterates.
    const generator = /\bfor\s+\w+(?:\s*,\s*\w+)*\s+in\s+([A-Za-z_][\w.]*)\s*(?:if\b.*)?$/.exec(args)?.[1];
    const guard = generator ?? (/^[A-Za-z_][\w.]*$/.test(args) ? args : null);
    if (!minMax && !guard) return;
    const decimal = /Decimal/.test(text);
    for (const value of await emptyValues({ python, operation }, culprit, source, call.index, decimal)) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      const line = lines[culprit.line - 1]!;
      if (minMax) {
        // A bare generator argument needs its own parentheses once it is not the only argument.
        const inner = generator && !/^\(.*\)$/.test(args) ? `(${args})` : args;
        lines[culprit.line - 1] = `${line.slice(0, call.index)}${call[0]}${inner}, default=${value})${line.slice(end)}`;
      } else
        lines[culprit.line - 1] = wholeOrParenthesised(
          line,
          call.index,
          end,
          `${line.slice(call.index, end)} if ${guard} else ${value}`,
        );
      await tree.write(culprit.file, await withDecimal(python, culprit.file, join(lines), value));
      const key = value === 'None' ? 'none' : 'zero';
      yield {
        key: `python.empty-aggregate#${key}`,
        summary: `give ${name}(...) at ${culprit.file}:${culprit.line} a value for an empty collection (${value})`,
        template: { recipe: `python.empty-aggregate#${key}`, aggregate: name, value },
      };
    }
  },
};

// The guarded expression in place: bare as a whole right-hand side or return value, else in parentheses.
function wholeOrParenthesised(line: string, start: number, end: number, guarded: string): string {
  const whole = /(?:^|[^=!<>])=\s*$|return\s+$/.test(line.slice(0, start)) && line.slice(end).trim() === '';
  return `${line.slice(0, start)}${whole ? guarded : `(${guarded})`}${line.slice(end)}`;
}
