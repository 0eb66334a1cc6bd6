import { describe, expect, it } from 'vitest';
import { pythonConflictGuard } from './conflict-guard.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, attribute = 'id') {
  const found = await candidatesOf(pythonConflictGuard, {
    files: { 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'AttributeError', message: `'NoneType' object has no attribute '${attribute}'` },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.conflict-guard', () => {
  it('a uniqueness check on update: the free ISBN passes', async () => {
    const source = [
      'class BookService:',
      '    def update_book(self, book_id: int, payload):',
      '        book = self.get_book(book_id)',
      '        existing = self.books.get_by_isbn(payload.isbn)',
      '        if existing.id != book_id:',
      '            raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail="ISBN already exists")',
      '        return self.books.update(book, payload)',
      '',
    ].join('\n');
    expect(await run(source, 5)).toEqual(['        if existing is not None and existing.id != book_id:']);
  });

  it('an `or` condition is parenthesised; the message alone says conflict', async () => {
    const source =
      'def rename(db, user, body):\n    other = find_user(db, email=body.email)\n' +
      '    if other.email == body.email or other.name == body.name:  # taken?\n' +
      '        raise ValueError("email already taken")\n    user.email = body.email\n';
    expect(await run(source, 3, 'email')).toEqual([
      '    if other is not None and (other.email == body.email or other.name == body.name):  # taken?',
    ]);
  });

  it('proposes nothing for a lookup by an id, a block that raises no conflict, or an else branch', async () => {
    const byId =
      'def assign(db, payload):\n    category = db.get(Category, payload.category_id)\n' +
      '    if category.owner_id != payload.owner_id:\n        raise HTTPException(409, "already owned")\n';
    expect(await run(byId, 3, 'owner_id')).toEqual([]);
    const forbidden =
      'def edit(db, payload, user):\n    note = find_note(db, payload.slug)\n    if note.author != user:\n' +
      '        raise HTTPException(403, "not yours")\n';
    expect(await run(forbidden, 3, 'author')).toEqual([]);
    const withElse =
      'def edit(db, payload):\n    other = find(db, payload.slug)\n    if other.slug == payload.slug:\n' +
      '        raise HTTPException(409, "exists")\n    else:\n        other.touch()\n';
    expect(await run(withElse, 3, 'slug')).toEqual([]);
  });
});
