import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonLookupFunction } from './lookup-function.js';
import { candidatesOf } from './test-support/python-context.js';

const service = `def get_category(db, category_id: int):
    return db.get(category_id)


def get_category_by_slug(db, slug: str):
    return db.find(slug)


def get_user_by_email(db, email: str):
    return db.find(email)


def get_user(db, user_id: int):
    return db.get(user_id)


def category_detail(category):
    return {"name": category.name, "count": len(category.items)}
`;
const trace = (...frames: [string, number][]) =>
  ({
    trace: { frames: frames.map(([file, line]) => ({ file: `/app/${file}`, line, inApp: true })) },
  }) as unknown as Partial<RootCause>;

async function run(router: string, culprit: [string, number], frames: [string, number][], attribute = 'items') {
  const found = await candidatesOf(pythonLookupFunction, {
    files: { 'app/services/catalog.py': service, 'app/routers/catalog.py': router },
    culprit: { file: culprit[0], line: culprit[1] },
    exception: { type: 'AttributeError', message: `'NoneType' object has no attribute '${attribute}'` },
    cause: trace(...frames),
  });
  return found.map((c) =>
    c.changed['app/routers/catalog.py']
      ?.split('\n')
      .find((l) => /= /.test(l))
      ?.trim(),
  );
}

describe('python.lookup-function', () => {
  it('calls the id lookup where an id is passed to the slug lookup (None dereferenced one frame in)', async () => {
    const router =
      'from app.services import catalog as catalog_service\n\n\ndef read(category_id: int, db):\n' +
      '    category = catalog_service.get_category_by_slug(db, category_id)\n' +
      '    return catalog_service.category_detail(category)\n';
    expect(
      await run(
        router,
        ['app/services/catalog.py', 18],
        [
          ['app/routers/catalog.py', 6],
          ['app/services/catalog.py', 18],
        ],
      ),
    ).toEqual(['category = catalog_service.get_category(db, category_id)']);
  });

  it('calls get_user for get_user_by_email(db, user.id) in the same function', async () => {
    const router =
      'from app.services.catalog import get_user, get_user_by_email\n\n\ndef profile(db, session):\n' +
      '    user = get_user_by_email(db, session.user_id)\n    return user.name\n';
    expect(await run(router, ['app/routers/catalog.py', 6], [['app/routers/catalog.py', 6]], 'name')).toEqual([
      'user = get_user(db, session.user_id)',
    ]);
  });

  it('leaves a slug lookup called with a slug alone', async () => {
    const router =
      'from app.services import catalog as catalog_service\n\n\ndef read(slug: str, db):\n' +
      '    category = catalog_service.get_category_by_slug(db, slug)\n' +
      '    return catalog_service.category_detail(category)\n';
    expect(
      await run(
        router,
        ['app/services/catalog.py', 18],
        [
          ['app/routers/catalog.py', 6],
          ['app/services/catalog.py', 18],
        ],
      ),
    ).toEqual([]);
  });
});
