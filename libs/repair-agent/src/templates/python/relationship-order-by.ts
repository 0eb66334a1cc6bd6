import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { closingParen } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// `Model.column.desc()`, `Model.column.asc()`, `desc(Model.column)`, `asc(...)`, `Model.column`.
const ORDER = /^\s*(?:(desc|asc)\(\s*)?\w+\.(\w+)(?:\.(desc|asc)\(\))?\s*\)?\s*$/;

/**
 * A loaded relationship is a plain list (`InstrumentedList`), not a query:
 * `order.shipments.order_by(Shipment.shipped_on.desc()).all()` fails with `'InstrumentedList'
 * object has no attribute 'order_by'` → `sorted(order.shipments, key=lambda item:
 * item.inspected_on, reverse=True)`, the same order in Python. One ordering column only (`asc` or
 * `desc`); `.all()` after it is dropped (sorted already is the list). Making the relationship
 * `lazy="dynamic"` would change every other use of it, so that is never written.
 */
export const pythonRelationshipOrderBy: RepairTemplate = {
  id: 'python.relationship-order-by',
  language: 'python',
  summary: 'sort a loaded relationship list in Python instead of calling .order_by() on it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    if (!culprit || !/^'(?:InstrumentedList|list)' object has no attribute 'order_by'/.test(exception?.message ?? ''))
      return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1]!;
    const masked = maskStrings(text);
    const call = /([\w.]+)\.order_by\(/.exec(masked);
    if (!call) return;
    const open = call.index + call[0].length - 1;
    const close = closingParen(lines, culprit.line, open);
    if (!close || close.line !== culprit.line - 1) return;
    const order = ORDER.exec(text.slice(open + 1, close.index));
    if (!order) return;
    const descending = (order[1] ?? order[3]) === 'desc';
    const rest = text.slice(close.index + 1);
    const tail = rest.startsWith('.all()') ? rest.slice('.all()'.length) : rest;
    // `.first()` or another query method after it has no list equivalent here.
    if (/^\.\w/.test(tail)) return;
    const variable = /\bitem\b/.test(text) ? 'entry' : 'item';
    const sorted =
      `sorted(${call[1]}, ` + `key=lambda ${variable}: ${variable}.${order[2]}${descending ? ', reverse=True' : ''})`;
    lines[culprit.line - 1] = `${text.slice(0, call.index)}${sorted}${tail}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.relationship-order-by#sorted',
      summary:
        `sort ${call[1]} by .${order[2]}${descending ? ' descending' : ''} in Python ` +
        `at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.relationship-order-by#sorted' },
    };
  },
};
