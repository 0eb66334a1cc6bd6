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
    // A nullable field: python.none-conversion answers null there.
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
    expect(await allCandidates(pythonEmptyAggregate, nullableContext, 'app/routes/shelves.py')).toEqual([]);
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
});
