import { addFromImport, splitSource } from '../../python/python-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { admitsNull, objectShape, successSchema, typesOf } from './contract-schema.js';
import { maskStrings, operandEnd, operandStart, operatorIndexes } from './expression-text.js';

const EXCEPTIONS = ['ZeroDivisionError', 'InvalidOperation', 'decimal.InvalidOperation', 'DivisionByZero', 'decimal.DivisionByZero'];

/**
 * A mean over an empty collection (`sum(x) / len(x)`, `total / count`) raises
 * `ZeroDivisionError` (or decimal's `InvalidOperation`/`DivisionByZero`) → guard the division to
 * the value the documented response allows for the field it feeds: `0` (`0.0`, `Decimal(0)`,
 * matching its type) for a required number, `None` for a nullable one; both, ranked, when the
 * field is not found in the schema. A divisor that is no collection size or count (`a - b`, a
 * call other than `len`) is left alone.
 */
export const pythonEmptyDivision: RepairTemplate = {
  id: 'python.empty-division',
  language: 'python',
  summary: 'guard a division by the size of an empty collection with the value the response schema allows',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python, operation }) {
    if (!exception || !culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text);
    const divisions = operatorIndexes(masked, ['/']).flatMap(({ at }) => {
      const start = operandStart(masked, at);
      const end = operandEnd(masked, at + 1);
      if (start < 0 || end < 0) return [];
      const divisor = text.slice(at + 1, end).trim();
      const size = /^len\((.+)\)$/.exec(divisor)?.[1];
      // A count or a size: a name, an attribute, or len(...) — whose truth is "not empty".
      if (!size && !/^[A-Za-z_][\w.]*$/.test(divisor)) return [];
      return [{ start, end, guard: size ?? divisor }];
    });
    if (divisions.length === 0) return;
    const decimal = /Decimal/.test(text) || exception.type !== 'ZeroDivisionError';
    const fn = await python.functionAt(culprit.file, culprit.line);
    const property = fieldSchema(operation, [target(text), ...(fn ? flowsInto(source, culprit.line, fn.endLine, target(text)) : [])]);
    const zero = decimal ? 'Decimal(0)' : property && typesOf(property).includes('integer') && !typesOf(property).includes('number') ? '0' : '0.0';
    const values = !property ? [zero, 'None'] : admitsNull(property) ? ['None', zero] : [zero];
    for (const value of values) {
      const current = await tree.read(culprit.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      let line = lines[culprit.line - 1]!;
      // Right to left, so earlier offsets hold; the whole right-hand side needs no parentheses.
      for (const d of [...divisions].reverse()) {
        const expression = line.slice(d.start, d.end);
        const whole = /(?:^|[^=!<>])=\s*$|return\s+$/.test(line.slice(0, d.start)) && line.slice(d.end).trim() === '';
        const guarded = `${expression} if ${d.guard} else ${value}`;
        line = `${line.slice(0, d.start)}${whole ? guarded : `(${guarded})`}${line.slice(d.end)}`;
      }
      lines[culprit.line - 1] = line;
      const module = (await python.modules()).get(culprit.file);
      const bound = !module || module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'Decimal'));
      await tree.write(culprit.file, value.startsWith('Decimal') && !bound ? addFromImport(join(lines), module!, 'decimal', 'Decimal') : join(lines));
      const key = value === 'None' ? 'none' : 'zero';
      yield {
        key: `python.empty-division#${key}`,
        summary: `guard the division at ${culprit.file}:${culprit.line} (empty → ${value})`,
        template: { recipe: `python.empty-division#${key}`, value },
      };
    }
  },
};

// The name the line assigns, or the dict key / keyword it fills.
function target(text: string): string {
  return /^\s*(\w+)\s*(?::[^=]+)?=(?!=)/.exec(text)?.[1] ?? /["'](\w+)["']\s*:\s*[^:]*\/|\b(\w+)=[^=][^,]*\//.exec(text)?.slice(1).find(Boolean) ?? '';
}

// The response fields a variable is later put into (`"average_estimate": average`, `average_estimate=average`).
function flowsInto(source: string, from: number, to: number, variable: string): string[] {
  if (!variable) return [];
  const body = splitSource(source).lines.slice(from, to).join('\n');
  return [...body.matchAll(new RegExp(`["'](\\w+)["']\\s*:\\s*${variable}\\b|\\b(\\w+)=${variable}\\b`, 'g'))].map((m) => (m[1] ?? m[2])!);
}

// The documented property of the success response one of the names stands for.
function fieldSchema(operation: Parameters<typeof successSchema>[0], names: readonly string[]): Record<string, unknown> | null {
  const shape = objectShape(successSchema(operation));
  if (!shape) return null;
  const fields = Object.keys(shape.properties);
  for (const name of [...names].reverse().filter(Boolean)) {
    const field = fields.includes(name) ? name : closestFieldName(name, fields);
    if (field) return shape.properties[field]!;
  }
  return null;
}
