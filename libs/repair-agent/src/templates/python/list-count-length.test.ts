import { describe, expect, it } from 'vitest';
import { pythonListCountLength } from './list-count-length.js';
import { candidatesOf } from './test-support/python-context.js';

const listCount = { type: 'TypeError', message: 'list.count() takes exactly one argument (0 given)' };

async function run(source: string, line: number, exception = listCount) {
  const found = await candidatesOf(pythonListCountLength, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.list-count-length', () => {
  it('measures a relationship list with len() inside a constructor call', async () => {
    const source =
      'def author_detail(author):\n    return AuthorDetail(name=author.name, book_count=author.books.count())\n';
    expect(await run(source, 2)).toEqual(['    return AuthorDetail(name=author.name, book_count=len(author.books))']);
  });

  it('measures a plain list in an assignment, one candidate per list count on the line', async () => {
    const source =
      'def summary(rows):\n    tags = [r.tag for r in rows]\n    total = rows.count() + tags.count()\n' +
      '    return total\n';
    expect(await run(source, 3)).toEqual([
      '    total = len(rows) + tags.count()',
      '    total = rows.count() + len(tags)',
    ]);
  });

  it("leaves a query's own count() and other TypeErrors alone", async () => {
    const query = 'def total(session):\n    return session.query(Book).count()\n';
    expect(await run(query, 2)).toEqual([]);
    const other = 'def total(books):\n    return books.count()\n';
    expect(
      await run(other, 2, { type: 'TypeError', message: "unsupported operand type(s) for +: 'int' and 'str'" }),
    ).toEqual([]);
  });
});
