import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonMissingReturn } from './missing-return.js';
import { candidatesOf } from './test-support/python-context.js';

const models =
  'class Book(Base):\n    __tablename__ = "books"\n\n' +
  '    id: Mapped[int] = mapped_column(primary_key=True)\n    title: Mapped[str]\n';
const routes = `from fastapi import FastAPI

from app.service import BookService

app = FastAPI()


@app.put("/books/{book_id}", response_model=BookRead)
def update_book(book_id: int, payload: BookUpdate):
    return BookService().update_book(book_id, payload)
`;
const service = `from app.repository import BookRepository
from app.models import Book


class BookService:
    def update_book(self, book_id: int, payload) -> Book:
        book = self.books.get(book_id)
        return self.books.update(book, payload)
`;
// What the log keeps of the error: its first line.
const none = '1 validation errors:';

async function run(repository: string) {
  const found = await candidatesOf(pythonMissingReturn, {
    files: {
      'app/models.py': models,
      'app/main.py': routes,
      'app/service.py': service,
      'app/repository.py': repository,
    },
    exception: { type: 'fastapi.exceptions.ResponseValidationError', message: none },
    cause: { kind: 'runtime_error', endpoints: ['PUT /books/{book_id}'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/repository.py']);
}

describe('python.missing-return', () => {
  it('returns the parameter of the annotated class at the end of the repository method two calls down', async () => {
    const repository =
      'from app.models import Book\n\n\nclass BookRepository:\n' +
      '    def update(self, book: Book, payload) -> Book:\n' +
      '        for field, value in payload.model_dump().items():\n            setattr(book, field, value)\n' +
      '        self.db.commit()\n        self.db.refresh(book)\n\n' +
      '    def delete(self, book: Book) -> None:\n        self.db.delete(book)\n';
    expect(await run(repository)).toEqual([
      repository.replace('        self.db.refresh(book)\n', '        self.db.refresh(book)\n        return book\n'),
    ]);
  });

  it('returns the local built from the annotated class (a module-level function)', async () => {
    const repository =
      'from app.models import Book\n\n\ndef update(book_id, payload) -> Book:\n' +
      '    book = Book(id=book_id, **payload.model_dump())\n    db.merge(book)\n';
    expect(await run(repository)).toEqual([`${repository}    return book\n`]);
  });

  it('proposes nothing for a method that ends by raising, or one that returns', async () => {
    const raising =
      'from app.models import Book\n\n\nclass BookRepository:\n' +
      '    def update(self, book: Book, payload) -> Book:\n        raise NotImplementedError\n';
    expect(await run(raising)).toEqual([]);
    const fine =
      'from app.models import Book\n\n\nclass BookRepository:\n' +
      '    def update(self, book: Book, payload) -> Book:\n        if payload.title:\n' +
      '            return book\n        self.db.refresh(book)\n';
    expect(await run(fine)).toEqual([]);
  });
});

describe('python.missing-return#computed', () => {
  const helpers = [
    'from app.models import Ticket',
    '',
    '',
    'def _next_ref(db, desk) -> str:',
    '    n = db.count_tickets(desk.id)',
    '    ref = f"{desk.prefix}-{n + 1:05d}"',
    '',
    '',
    'def open_ticket(db, desk, payload):',
    '    ticket = Ticket(**payload.model_dump(), ref=_next_ref(db, desk))',
    '    db.add(ticket)',
    '    db.commit()',
    '    return ticket',
    '',
  ].join('\n');
  const integrity = {
    type: 'sqlalchemy.exc.IntegrityError',
    message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tickets.ref',
  };
  async function run(source: string, message = integrity.message) {
    return candidatesOf(pythonMissingReturn, {
      files: { 'app/tickets.py': source },
      culprit: { file: 'app/tickets.py', line: 12 },
      exception: { ...integrity, message },
      cause: { kind: 'test_failure', endpoints: [] } as Partial<RootCause>,
    });
  }

  it('returns the local a helper filling the NOT NULL column computed and dropped', async () => {
    const found = await run(helpers);
    expect(found.map((c) => c.key)).toEqual(['python.missing-return#computed']);
    expect(found[0]!.changed['app/tickets.py']).toBe(
      helpers.replace('{n + 1:05d}"\n', '{n + 1:05d}"\n    return ref\n'),
    );
  });

  it('leaves a helper annotated -> None, one that returns, another column and a nested assignment alone', async () => {
    expect(await run(helpers.replace('-> str:', '-> None:'))).toEqual([]);
    expect(await run(helpers.replace('    ref = f"', '    return f"'))).toEqual([]);
    expect(await run(helpers, 'NOT NULL constraint failed: tickets.owner')).toEqual([]);
    const nested = helpers.replace('    ref = f"', '    if n:\n        ref = f"');
    expect(await run(nested)).toEqual([]);
  });
});
