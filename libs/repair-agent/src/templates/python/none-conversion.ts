import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { admitsNull } from './contract-schema.js';
import { maskStrings } from './expression-text.js';
import { itemAround, responseShape } from './response-item.js';

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
