import { describe, expect, it } from 'vitest';
import { pythonEmptyAggregate } from './empty-aggregate.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

// Raw DB-API SQL (sqlite3, no ORM): an aggregate over no rows is NULL and fails where it is converted.
const toDecimal = { type: 'TypeError', message: 'conversion from NoneType to Decimal is not supported' };
const money = { type: 'string' };

const report = [
  'from fastapi import APIRouter',
  '',
  'from app.money import to_money',
  '',
  '',
  '@router.get("/reports/depots")',
  'def depot_report(db=Depends(get_db)):',
  '    rows = db.execute(',
  '        """',
  '        SELECT d.id, COUNT(p.id) AS parcels, COALESCE(SUM(p.weight), 0) AS weight,',
  '               SUM(p.fee_cents) AS fees',
  '        FROM depots d LEFT JOIN parcels p ON p.depot_id = d.id GROUP BY d.id',
  '        """',
  '    ).fetchall()',
  '    return [',
  '        DepotLine(',
  '            id=r["id"],',
  '            fees=to_money(r["fees"]),',
  '        )',
  '        for r in rows',
  '    ]',
  '',
].join('\n');
const helper = 'def to_money(cents):\n    return Decimal(cents) / 100\n';

function reportContext(item: Record<string, unknown>, source = report) {
  const list = { type: 'array', items: item };
  return templateContext(
    { 'app/reports.py': source, 'app/money.py': helper },
    {
      cause: {
        trace: {
          frames: [
            { file: '/srv/app/reports.py', line: 15, inApp: true },
            { file: '/srv/app/reports.py', line: 18, inApp: true },
            { file: '/srv/app/money.py', line: 2, inApp: true },
          ],
        } as never,
      },
      culprit: { file: 'app/money.py', line: 2 },
      exception: toDecimal,
      operation: operation('GET /reports/depots', { '200': list }),
    },
  );
}

describe('python.empty-aggregate on raw SQL text', () => {
  it('COALESCEs the aliased SUM whose row key a caller hands to a helper that converts it', async () => {
    const item = { type: 'object', properties: { id: { type: 'integer' }, fees: money }, required: ['id', 'fees'] };
    const [only, ...rest] = await allCandidates(pythonEmptyAggregate, reportContext(item), 'app/reports.py');
    expect(rest).toEqual([]);
    expect(only?.key).toBe('python.empty-aggregate#sql-coalesce');
    expect(only?.source).toBe(report.replace('SUM(p.fee_cents) AS fees', 'COALESCE(SUM(p.fee_cents), 0) AS fees'));
  });

  it('COALESCEs the one aggregate a fetched value was selected as, converted on the failing line', async () => {
    const route = [
      '@router.get("/orders/{order_id}/paid")',
      'def paid(order_id: int, db=Depends(get_db)):',
      '    total = db.execute("SELECT SUM(amount) FROM payments WHERE order_id = ?", (order_id,)).fetchone()[0]',
      '    return {"paid": float(total)}',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/orders.py': route },
      {
        culprit: { file: 'app/orders.py', line: 4 },
        exception: { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" },
        operation: operation('GET /orders/{order_id}/paid', {
          '200': { type: 'object', properties: { paid: { type: 'number' } }, required: ['paid'] },
        }),
      },
    );
    const [only] = await allCandidates(pythonEmptyAggregate, context, 'app/orders.py');
    expect(only?.source).toBe(route.replace('SELECT SUM(amount) FROM', 'SELECT COALESCE(SUM(amount), 0) FROM'));
  });

  it("COALESCEs the function's other aggregates converted alike, which fail next on the same empty group", async () => {
    const route = [
      '@router.get("/thatchers/{thatcher_id}/summary")',
      'def summary(thatcher_id: int, db=Depends(get_db)):',
      '    totals = db.execute(',
      '        "SELECT COUNT(*) AS jobs, SUM(roof_area_m2) AS area, SUM(hours_logged) AS hours "',
      '        "FROM jobs WHERE thatcher_id = ?",',
      '        (thatcher_id,),',
      '    ).fetchone()',
      '    return {',
      '        "area": round(totals["area"], 1),',
      '        "hours": round(totals["hours"], 1),',
      '    }',
      '',
    ].join('\n');
    const numbers = { area: { type: 'number' }, hours: { type: 'number' } };
    const context = templateContext(
      { 'app/reports.py': route },
      {
        culprit: { file: 'app/reports.py', line: 9 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /thatchers/{thatcher_id}/summary', {
          '200': { type: 'object', properties: numbers, required: ['area', 'hours'] },
        }),
      },
    );
    const [only] = await allCandidates(pythonEmptyAggregate, context, 'app/reports.py');
    expect(only?.source).toBe(
      route
        .replace('SUM(roof_area_m2) AS area', 'COALESCE(SUM(roof_area_m2), 0) AS area')
        .replace('SUM(hours_logged) AS hours', 'COALESCE(SUM(hours_logged), 0) AS hours'),
    );
  });

  it('leaves a nullable field its null, and an aggregate already defaulted, alone', async () => {
    const nullable = {
      type: 'object',
      properties: { fees: { anyOf: [money, { type: 'null' }] } },
      required: ['fees'],
    };
    expect(await allCandidates(pythonEmptyAggregate, reportContext(nullable), 'app/reports.py')).toEqual([]);
    const required = { type: 'object', properties: { fees: money }, required: ['fees'] };
    const defaulted = report.replace('SUM(p.fee_cents) AS fees', 'IFNULL(SUM(p.fee_cents), 0) AS fees');
    expect(await allCandidates(pythonEmptyAggregate, reportContext(required, defaulted), 'app/reports.py')).toEqual([]);
  });
});
