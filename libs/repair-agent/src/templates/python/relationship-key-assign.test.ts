import { describe, expect, it } from 'vitest';
import { pythonRelationshipKeyAssign } from './relationship-key-assign.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Shelf(Base):
    __tablename__ = "shelves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    books: Mapped[list["Book"]] = relationship(back_populates="shelf")


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelves.id"), nullable=False)

    shelf: Mapped[Shelf] = relationship(back_populates="books")
`;
const service = `from app.models import Book, Shelf


def move_book(db, book_id: int, target_shelf_id: int):
    book = db.get(Book, book_id)
    shelf = db.get(Shelf, target_shelf_id)
    book.shelf = target_shelf_id
    db.commit()
    return book
`;

async function run(
  source: string,
  line = 7,
  message = "'int' object has no attribute '_sa_instance_state'",
  m = models,
) {
  const found = await candidatesOf(pythonRelationshipKeyAssign, {
    files: { 'app/models.py': m, 'app/services.py': source },
    culprit: { file: 'app/services.py', line },
    exception: { type: 'AttributeError', message },
  });
  return found.map((c) => c.changed['app/services.py']);
}

describe('python.relationship-key-assign', () => {
  it('assigns the id to the foreign-key column behind the relationship', async () => {
    expect(await run(service)).toEqual([service.replace('book.shelf = ', 'book.shelf_id = ')]);
  });

  it('finds the owner by the relationship name when the object comes from elsewhere', async () => {
    const passed = service.replace('    book = db.get(Book, book_id)\n', '').replace('book_id: int', 'book');
    expect(await run(passed, 6)).toEqual([passed.replace('book.shelf = ', 'book.shelf_id = ')]);
  });

  it('leaves a collection, a key that is not certain, another error', async () => {
    const collection = service.replace('book = db.get(Book, book_id)', 'book = db.get(Shelf, book_id)');
    expect(await run(collection.replace('book.shelf = ', 'book.books = '))).toEqual([]);
    const twoKeys = models.replace(
      '    shelf_id: Mapped[int]',
      '    old_shelf_id: Mapped[int] = mapped_column(ForeignKey("shelves.id"))\n    shelf_id: Mapped[int]',
    );
    expect(await run(service, 7, undefined, twoKeys)).toEqual([]);
    expect(await run(service, 7, "'NoneType' object has no attribute 'shelf'")).toEqual([]);
  });
});
