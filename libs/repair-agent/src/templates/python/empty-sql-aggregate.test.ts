import { describe, expect, it } from 'vitest';
import { pythonEmptyAggregate } from './empty-aggregate.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

const stats = {
  type: 'object',
  properties: {
    book_count: { type: 'integer' },
    average_pages: { type: 'number' },
    longest_pages: { type: 'integer' },
  },
  required: ['book_count', 'average_pages', 'longest_pages'],
};
const helper =
  'from sqlalchemy import func, select\n\n\ndef shelf_totals(db, shelf_id):\n' +
  '    stmt = select(\n        func.count(Book.id),\n        func.avg(Book.pages),\n        func.max(Book.pages),\n' +
  '    ).where(Book.shelf_id == shelf_id)\n    return db.execute(stmt).one()\n';

describe('python.empty-aggregate over SQL (None over no rows)', () => {
  it("defaults a helper's AVG/MAX where they feed required numbers, not its COUNT nor a nullable field", async () => {
    const route =
      'from app.crud import shelf_totals\n\n\ndef shelf_stats(shelf_id, db):\n' +
      '    count, mean_pages, longest = shelf_totals(db, shelf_id)\n    return ShelfStats(\n' +
      '        book_count=count,\n        average_pages=round(mean_pages, 1),\n        longest_pages=longest,\n    )\n';
    const context = templateContext(
      { 'app/crud.py': helper, 'app/routes/shelves.py': route },
      {
        culprit: { file: 'app/routes/shelves.py', line: 8 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /shelves/{shelf_id}/stats', { '200': stats }),
      },
    );
    const candidates = await allCandidates(pythonEmptyAggregate, context, 'app/routes/shelves.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-aggregate#sql-zero']);
    expect(candidates[0]!.source).toBe(
      route
        .replace('round(mean_pages, 1)', 'round(mean_pages or 0.0, 1)')
        .replace('longest_pages=longest,', 'longest_pages=longest or 0,'),
    );
    // A nullable field: None passes through it, the required sibling still gets its zero.
    const nullableRoute =
      'from app.crud import shelf_totals\n\n\ndef shelf_stats(shelf_id, db):\n' +
      '    count, mean_pages, longest = shelf_totals(db, shelf_id)\n' +
      '    return {"average_pages": round(mean_pages, 1), "longest_pages": longest}\n';
    const nullable = {
      ...stats,
      properties: { ...stats.properties, average_pages: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
    };
    const nullableContext = templateContext(
      { 'app/crud.py': helper, 'app/routes/shelves.py': nullableRoute },
      {
        culprit: { file: 'app/routes/shelves.py', line: 6 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /shelves/{shelf_id}/stats', { '200': nullable }),
      },
    );
    expect(
      (await allCandidates(pythonEmptyAggregate, nullableContext, 'app/routes/shelves.py')).map((c) => c.source),
    ).toEqual([
      nullableRoute
        .replace('round(mean_pages, 1)', 'round(mean_pages, 1) if mean_pages is not None else None')
        .replace('"longest_pages": longest}', '"longest_pages": longest or 0}'),
    ]);
    // Nothing else to zero: the nullable field alone is python.none-conversion's.
    const aloneRoute = nullableRoute.replace(', "longest_pages": longest}', '}');
    const aloneContext = templateContext(
      { 'app/crud.py': helper, 'app/routes/shelves.py': aloneRoute },
      {
        culprit: { file: 'app/routes/shelves.py', line: 6 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /shelves/{shelf_id}/stats', { '200': nullable }),
      },
    );
    expect(await allCandidates(pythonEmptyAggregate, aloneContext, 'app/routes/shelves.py')).toEqual([]);
  });

  it('passes None through a converted AVG into a nullable keyword field while zeroing the SUM beside it', async () => {
    const route =
      'from sqlalchemy import func, select\n\n\ndef plot_summary(plot_id, db):\n    row = db.execute(\n' +
      '        select(func.count(Crop.id), func.sum(Crop.units), func.avg(Crop.weight))\n' +
      '        .where(Crop.plot_id == plot_id)\n' +
      '    ).one()\n    count, total_units, avg_weight = row\n    return PlotSummary(\n        crop_count=count,\n' +
      '        total_units=total_units,\n        average_weight=round(float(avg_weight), 2),\n    )\n';
    const schema = {
      type: 'object',
      properties: {
        crop_count: { type: 'integer' },
        total_units: { type: 'integer' },
        average_weight: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      },
      required: ['crop_count', 'total_units', 'average_weight'],
    };
    const context = templateContext(
      { 'app/routes/plots.py': route },
      {
        culprit: { file: 'app/routes/plots.py', line: 13 },
        exception: { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" },
        operation: operation('GET /plots/{plot_id}/summary', { '200': schema }),
      },
    );
    expect((await allCandidates(pythonEmptyAggregate, context, 'app/routes/plots.py')).map((c) => c.source)).toEqual([
      route
        .replace('total_units=total_units,', 'total_units=total_units or 0,')
        .replace('round(float(avg_weight), 2),', 'round(float(avg_weight), 2) if avg_weight is not None else None,'),
    ]);
  });

  it('gives a SUM read by a Decimal method Decimal(0) for a map of decimal strings, not a plain value', async () => {
    const route =
      'from decimal import Decimal\n\nfrom sqlalchemy import func, select\n\nCENT = Decimal("0.01")\n\n\n' +
      'def fines(db):\n    owed_by_kind = {}\n    for kind in KINDS:\n        owed = db.scalar(\n' +
      '            select(func.sum(Loan.fine)).where(Loan.kind == kind)\n        )\n' +
      '        owed_by_kind[kind] = owed.quantize(CENT)\n    return FineReport(owed_by_kind=owed_by_kind)\n';
    const context = templateContext(
      { 'app/routes/fines.py': route },
      {
        culprit: { file: 'app/routes/fines.py', line: 14 },
        exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'quantize'" },
        operation: operation('GET /fines', {
          '200': {
            type: 'object',
            properties: { owed_by_kind: { type: 'object', additionalProperties: { type: 'string' } } },
            required: ['owed_by_kind'],
          },
        }),
      },
    );
    const candidates = await allCandidates(pythonEmptyAggregate, context, 'app/routes/fines.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-aggregate#sql-zero']);
    expect(candidates[0]!.source).toBe(route.replace('owed.quantize(CENT)', '(owed or Decimal(0)).quantize(CENT)'));
    // A value no aggregate gives.
    const rated =
      'def book_rating(book_id, db):\n    book = db.get(Book, book_id)\n    rating = book.rating\n' +
      '    return {"average_pages": round(rating, 1)}\n';
    const plain = templateContext(
      { 'app/routes/books.py': rated },
      {
        culprit: { file: 'app/routes/books.py', line: 4 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /books/{book_id}/rating', { '200': stats }),
      },
    );
    expect(await allCandidates(pythonEmptyAggregate, plain, 'app/routes/books.py')).toEqual([]);
  });

  // heldout20 lamproom L10: `stmt = select(func.count(…), func.sum(…), func.sum(…)).where(…)`, then
  // `count, litres, cost = db.execute(stmt).one()`, the first SUM rounded.
  it('reads the columns of a statement built in a local above and executed, refined or not', async () => {
    const usage = {
      type: 'object',
      properties: {
        sessions: { type: 'integer' },
        total_hours: { type: 'number' },
        total_fee: { type: 'number' },
        hourly_rate: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      },
      required: ['sessions', 'total_hours', 'total_fee', 'hourly_rate'],
    };
    const route =
      'from sqlalchemy import func, select\n\n\ndef court_usage(court_id, db):\n    stmt = select(\n' +
      '        func.count(Booking.id),\n        func.sum(Booking.hours),\n        func.sum(Booking.fee),\n' +
      '    ).where(Booking.court_id == court_id)\n    count, hours, fee = db.execute(stmt).one()\n' +
      '    return Usage(\n        sessions=count,\n        total_hours=round(hours, 1),\n' +
      '        total_fee=float(fee),\n        hourly_rate=round(float(fee) / hours, 2) if hours else None,\n    )\n';
    const context = templateContext(
      { 'app/routes/courts.py': route },
      {
        culprit: { file: 'app/routes/courts.py', line: 13 },
        exception: { type: 'TypeError', message: "type NoneType doesn't define __round__ method" },
        operation: operation('GET /courts/{court_id}/usage', { '200': usage }),
      },
    );
    const candidates = await allCandidates(pythonEmptyAggregate, context, 'app/routes/courts.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-aggregate#sql-zero']);
    // The nullable rate keeps its None (its guard already reads the SUM's emptiness).
    expect(candidates[0]!.source).toBe(
      route.replace('round(hours, 1)', 'round(hours or 0.0, 1)').replace('=float(fee),', '=float(fee or 0.0),'),
    );
    const refined =
      'from sqlalchemy import func, select\n\n\ndef court_fees(court_id, db):\n' +
      '    stmt = select(func.sum(Booking.fee))\n    stmt = stmt.where(Booking.court_id == court_id)\n' +
      '    fee = db.scalar(stmt)\n    return {"total_fee": float(fee)}\n';
    const refinedContext = templateContext(
      { 'app/routes/fees.py': refined },
      {
        culprit: { file: 'app/routes/fees.py', line: 8 },
        exception: {
          type: 'TypeError',
          message: "float() argument must be a string or a real number, not 'NoneType'",
        },
        operation: operation('GET /courts/{court_id}/fees', { '200': usage }),
      },
    );
    const fees = await allCandidates(pythonEmptyAggregate, refinedContext, 'app/routes/fees.py');
    expect(fees.map((c) => c.source)).toEqual([refined.replace('float(fee)', 'float(fee or 0.0)')]);
  });

  it('leaves a statement local that is not built from a select in the function alone', async () => {
    const route =
      'def court_fees(court_id, db, stmt):\n    stmt = stmt.where(Booking.court_id == court_id)\n' +
      '    fee = db.scalar(stmt)\n    return {"total_fee": float(fee)}\n';
    const context = templateContext(
      { 'app/routes/fees.py': route },
      {
        culprit: { file: 'app/routes/fees.py', line: 4 },
        exception: { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" },
        operation: operation('GET /courts/{court_id}/fees', { '200': stats }),
      },
    );
    expect(await allCandidates(pythonEmptyAggregate, context, 'app/routes/fees.py')).toEqual([]);
  });

  it('follows a row held in a local and unpacked on its own line', async () => {
    const totals = {
      type: 'object',
      properties: {
        visits: { type: 'integer' },
        total_minutes: { type: 'number' },
        last_visit: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
      },
      required: ['visits', 'total_minutes', 'last_visit'],
    };
    const service =
      'from sqlalchemy import func, select\n\n\ndef park_totals(db, park_id):\n    row = db.execute(\n' +
      '        select(func.sum(Visit.people), func.sum(Visit.minutes), func.max(Visit.day))\n' +
      '        .where(Visit.park_id == park_id)\n    ).one()\n    people, minutes, last = row\n' +
      '    return Totals(\n        visits=people,\n        total_minutes=round(float(minutes), 1),\n' +
      '        last_visit=last,\n    )\n';
    const context = templateContext(
      { 'app/services/parks.py': service },
      {
        culprit: { file: 'app/services/parks.py', line: 12 },
        exception: { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" },
        operation: operation('GET /parks/{park_id}/totals', { '200': totals }),
      },
    );
    const found = await allCandidates(pythonEmptyAggregate, context, 'app/services/parks.py');
    expect(found.map((c) => c.source)).toEqual([
      service.replace('visits=people,', 'visits=people or 0,').replace('float(minutes)', 'float(minutes or 0.0)'),
    ]);
    const cached = service.replace(/row = db\.execute\([\s\S]*?\)\.one\(\)/, 'row = CACHE[park_id]');
    const elsewhere = templateContext(
      { 'app/services/parks.py': cached },
      {
        culprit: { file: 'app/services/parks.py', line: 9 },
        exception: { type: 'TypeError', message: "float() argument must be a string or a real number, not 'NoneType'" },
        operation: operation('GET /parks/{park_id}/totals', { '200': totals }),
      },
    );
    expect(cached).toContain('row = CACHE[park_id]\n    people, minutes, last = row\n');
    expect(await allCandidates(pythonEmptyAggregate, elsewhere, 'app/services/parks.py')).toEqual([]);
  });

  describe('an aggregate None over no rows used as an arithmetic operand', () => {
    const report = {
      type: 'object',
      properties: { crates: { type: 'integer' }, used_tonnes: { type: 'number' }, left_kg: { type: 'integer' } },
      required: ['crates', 'used_tonnes', 'left_kg'],
    };
    const run = (route: string, line: number, message: string) =>
      allCandidates(
        pythonEmptyAggregate,
        templateContext(
          { 'app/services/yard.py': route },
          {
            culprit: { file: 'app/services/yard.py', line },
            exception: { type: 'TypeError', message },
            operation: operation('GET /yards/{yard_id}/report', { '200': report }),
          },
        ),
        'app/services/yard.py',
      );
    const divided =
      'from sqlalchemy import func, select\n\n\ndef yard_report(db, yard_id):\n    row = db.execute(\n' +
      '        select(func.count(Crate.id), func.sum(Crate.kg)).where(Crate.yard_id == yard_id)\n    ).one()\n' +
      '    crates, used_kg = row\n    used_tonnes = round(used_kg / 1000, 3)\n' +
      '    return {"crates": crates, "used_tonnes": used_tonnes}\n';

    it('parenthesises the zero of a SUM divided on the left: (used_kg or 0.0) / 1000', async () => {
      const found = await run(divided, 9, "unsupported operand type(s) for /: 'NoneType' and 'int'");
      expect(found.map((c) => c.source)).toEqual([
        divided.replace('round(used_kg / 1000, 3)', 'round((used_kg or 0.0) / 1000, 3)'),
      ]);
    });

    it('zeroes a SUM subtracted on the right, read by db.scalar into an integer field', async () => {
      const route =
        'from sqlalchemy import func, select\n\n\ndef yard_report(db, yard_id, capacity):\n' +
        '    used = db.scalar(select(func.sum(Crate.kg)).where(Crate.yard_id == yard_id))\n' +
        '    left_kg = capacity - used\n    return Report(crates=0, used_tonnes=0.0, left_kg=left_kg)\n';
      const found = await run(route, 6, "unsupported operand type(s) for -: 'int' and 'NoneType'");
      expect(found.map((c) => c.source)).toEqual([route.replace('capacity - used\n', 'capacity - (used or 0)\n')]);
    });

    it('leaves an operand that is no SQL aggregate, and the operand on the side that is not None', async () => {
      const loaded = divided.replace('crates, used_kg = row\n', 'crates, used_kg = row\n    used_kg = payload.kg\n');
      expect(await run(loaded, 10, "unsupported operand type(s) for /: 'NoneType' and 'int'")).toEqual([]);
      expect(await run(divided, 9, "unsupported operand type(s) for /: 'int' and 'NoneType'")).toEqual([]);
    });
  });
});
