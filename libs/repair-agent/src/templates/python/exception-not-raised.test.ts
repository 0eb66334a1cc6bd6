import { describe, expect, it } from 'vitest';
import { pythonExceptionNotRaised } from './exception-not-raised.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

// Trace frames outermost first, as the log parser gives them.
const trace = (...frames: [string, number][]) =>
  ({ trace: { frames: frames.map(([file, line]) => ({ file: `/srv/${file}`, line, inApp: true })) } }) as never;

describe('python.exception-not-raised', () => {
  it("raises an HTTPException a not-found branch builds and drops, found from the helper's frame", async () => {
    const route =
      'from fastapi import APIRouter, HTTPException\n\nrouter = APIRouter()\n\n\n' +
      'def to_out(book):\n    return {"id": book.id, "title": book.title}\n\n\n' +
      '@router.get("/{book_id}")\ndef get_book(book_id: int, db=None):\n    book = db.get(Book, book_id)\n' +
      '    if book is None:\n        HTTPException(status_code=404, detail="Book not found")\n' +
      '    return to_out(book)\n';
    const context = templateContext(
      { 'app/routes/books.py': route },
      {
        culprit: { file: 'app/routes/books.py', line: 7 },
        exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'id'" },
        cause: trace(['app/routes/books.py', 15], ['app/routes/books.py', 7]),
      },
    );
    const candidates = await allCandidates(pythonExceptionNotRaised, context, 'app/routes/books.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.exception-not-raised@app/routes/books.py:14']);
    expect(candidates[0]!.source).toBe(
      route.replace('        HTTPException(status_code=404', '        raise HTTPException(status_code=404'),
    );
  });

  it('raises a project exception (bases lead to Exception) built over lines in the failing frame', async () => {
    const errors = 'class LoanError(Exception):\n    pass\n\n\nclass NotLendable(LoanError):\n    pass\n';
    const service =
      'from app.errors import NotLendable\n\n\ndef lend(copy, member):\n    if copy.lent_to is not None:\n' +
      '        NotLendable(\n            f"copy {copy.id} is out"\n        )\n' +
      '    copy.lent_to = member.id\n    return copy.due.isoformat()\n';
    const context = templateContext(
      { 'app/errors.py': errors, 'app/services/loans.py': service },
      {
        culprit: { file: 'app/services/loans.py', line: 10 },
        exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'isoformat'" },
        cause: trace(['app/services/loans.py', 10]),
      },
    );
    const candidates = await allCandidates(pythonExceptionNotRaised, context, 'app/services/loans.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.exception-not-raised@app/services/loans.py:6']);
    expect(candidates[0]!.source).toBe(service.replace('        NotLendable(', '        raise NotLendable('));
  });

  it('leaves an exception bound or passed on, another class built, and one after the failing line', async () => {
    const service =
      'from fastapi import HTTPException\n\n\ndef renew(loan, problems):\n' +
      '    error = HTTPException(status_code=409, detail="overdue")\n' +
      '    problems.append(\n        ValueError("late")\n    )\n    Receipt(loan.id)\n' +
      '    HTTPException(status_code=400).with_traceback(None)\n' +
      '    days = loan.due.days\n    HTTPException(status_code=404, detail="gone")\n    return days\n';
    const context = templateContext(
      { 'app/services/renewals.py': service },
      {
        culprit: { file: 'app/services/renewals.py', line: 11 },
        exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'days'" },
        cause: trace(['app/services/renewals.py', 11]),
      },
    );
    expect(await allCandidates(pythonExceptionNotRaised, context, 'app/services/renewals.py')).toEqual([]);
  });
});
