import type { JsonSchema } from '@smoke-repair/smoke-validator';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { admitsNull, objectShape, successSchema } from './contract-schema.js';
import { maskStrings } from './expression-text.js';

// CPython's messages for None handed to round(), float() or int().
const NONE_CONVERTED = [
  /^type NoneType doesn't define __round__ method$/,
  /^float\(\) argument must be a string or a (?:real )?number, not 'NoneType'$/,
  /^int\(\) argument must be a string, a bytes-like object or a (?:real )?number, not 'NoneType'$/,
];

/**
 * A value that is None when there is nothing to measure (`average = … if totals else None`, an
 * aggregate over no rows) rounded or converted on its way into the response
 * (`average_total=float(round(average, 2))`) raises `TypeError: type NoneType doesn't define
 * __round__ method` → the conversion only for a value, `float(round(average, 2)) if average is
 * not None else None`: only where the documented response field it feeds (the keyword or dict
 * key the expression is the value of) admits null. A required field gets no candidate (its value
 * is not ours to invent), and a value that is there is converted exactly as before.
 */
export const pythonNoneConversion: RepairTemplate = {
  id: 'python.none-conversion',
  language: 'python',
  summary: 'pass None through a round()/float()/int() conversion into a nullable response field',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['TypeError'],
    culprit: true,
    contract: true,
  },
  async *candidates({ exception, culprit, tree, operation }) {
    if (!exception || !culprit || !NONE_CONVERTED.some((m) => m.test(exception.message.trim()))) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const shape = responseShape(operation);
    if (!shape) return;
    const seen = new Set<number>();
    for (const call of masked.matchAll(/(?<![\w.])(?:round|float|int)\(\s*([A-Za-z_]\w*)\s*[,)]/g)) {
      const name = call[1]!;
      const item = itemAround(text, masked, call.index);
      if (!item || seen.has(item.start)) continue;
      seen.add(item.start);
      const value = text.slice(item.start, item.end).trim();
      const field = item.field;
      const property = shape.properties[field];
      if (!property || !admitsNull(property) || / if .* else /.test(value)) continue;
      const from =
        item.start + (text.slice(item.start, item.end).length - text.slice(item.start, item.end).trimStart().length);
      const edited = [...lines];
      edited[culprit.line - 1] =
        `${text.slice(0, from)}${value} if ${name} is not None else None${text.slice(from + value.length)}`;
      await tree.write(culprit.file, join(edited));
      yield {
        key: 'python.none-conversion#pass-none',
        summary: `pass None through to the nullable ${field} at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.none-conversion#pass-none' },
      };
    }
  },
};

// The documented success object (a list endpoint's item).
function responseShape(operation: Parameters<typeof successSchema>[0]) {
  const schema = successSchema(operation);
  return objectShape(schema) ?? objectShape((schema?.['items'] as JsonSchema | undefined) ?? null);
}

// The argument or dict value holding index `at`, and the keyword or string key it is given to.
function itemAround(text: string, masked: string, at: number): { start: number; end: number; field: string } | null {
  let depth = 0;
  let start = at;
  // Conversions wrapping this one (`float(round(x, 2))`) are part of the value: their calls are stepped out of.
  let wrappers = 0;
  for (; start > 0; start--) {
    const ch = masked[start - 1]!;
    if (')]}'.includes(ch)) depth++;
    else if ('([{'.includes(ch)) {
      if (depth === 0 && ch === '(' && /(?<![\w.])(?:round|float|int|abs|Decimal)$/.test(masked.slice(0, start - 1))) {
        start = start - 1 - /\w+$/.exec(masked.slice(0, start - 1))![0].length + 1;
        wrappers++;
        continue;
      }
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (ch === ',' || ch === ':' || (ch === '=' && !'=<>!'.includes(masked[start - 2] ?? ''))))
      break;
  }
  depth = 0;
  let end = at;
  for (; end < masked.length; end++) {
    const ch = masked[end]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0 && wrappers === 0) break;
      if (depth === 0) wrappers--;
      else depth--;
    } else if (depth === 0 && ch === ',') break;
  }
  const before = masked.slice(0, start);
  const keyword = /(?<![=<>!])\b(\w+)\s*=$/.exec(before)?.[1];
  // A dict key is a string, masked: read from the source.
  const key = /["'](\w+)["']\s*:$/.exec(text.slice(0, start))?.[1];
  const field = keyword ?? key;
  return field ? { start, end, field } : null;
}
