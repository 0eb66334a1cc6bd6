import { describe, expect, it } from 'vitest';
import { pythonRelationshipOrderBy } from './relationship-order-by.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, message = "'InstrumentedList' object has no attribute 'order_by'") {
  const found = await candidatesOf(pythonRelationshipOrderBy, {
    files: { 'app/api.py': source },
    culprit: { file: 'app/api.py', line },
    exception: { type: 'AttributeError', message },
  });
  return found.map((c) => c.changed['app/api.py']?.split('\n')[line - 1]);
}

describe('python.relationship-order-by', () => {
  it('Model.column.desc() with .all(): sorted newest first', async () => {
    const source =
      'def list_inspections(hive):\n    return hive.inspections.order_by(Inspection.inspected_on.desc()).all()\n';
    expect(await run(source, 2)).toEqual([
      '    return sorted(hive.inspections, key=lambda item: item.inspected_on, reverse=True)',
    ]);
  });

  it('asc(Model.column) assigned, without .all()', async () => {
    const source = 'def items(order):\n    lines = order.lines.order_by(asc(OrderLine.position))\n    return lines\n';
    expect(await run(source, 2)).toEqual(['    lines = sorted(order.lines, key=lambda item: item.position)']);
  });

  it('proposes nothing for two ordering columns, for .first(), or for another missing attribute', async () => {
    expect(await run('def f(h):\n    return h.items.order_by(Item.a, Item.b.desc()).all()\n', 2)).toEqual([]);
    expect(await run('def f(h):\n    return h.items.order_by(Item.a).first()\n', 2)).toEqual([]);
    expect(
      await run(
        'def f(h):\n    return h.items.filter_by(a=1).all()\n',
        2,
        "'InstrumentedList' object has no attribute 'filter_by'",
      ),
    ).toEqual([]);
  });
});
