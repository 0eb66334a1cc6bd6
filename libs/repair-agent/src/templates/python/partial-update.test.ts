import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonPartialUpdate } from './partial-update.js';
import { candidatesOf } from './test-support/python-context.js';

const notNull = { type: 'sqlalchemy.exc.IntegrityError', message: 'NOT NULL constraint failed: items.name' };

/** A PATCH whose body documents `name` and `price`, optional unless `required` says otherwise. */
function patch(required: string[] = []): ApiOperation {
  const optional = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  return {
    method: 'PATCH',
    path: '/items/{item_id}',
    endpoint: 'PATCH /items/{item_id}',
    parameters: [],
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: { type: 'object', properties: { name: optional, price: optional }, required },
    },
    responses: [{ status: '200', description: 'ok' }],
  } as unknown as ApiOperation;
}

async function run(source: string, line: number, operation: ApiOperation | undefined = patch(), exception = notNull) {
  const found = await candidatesOf(pythonPartialUpdate, {
    files: { 'app/crud.py': source },
    culprit: { file: 'app/crud.py', line },
    exception,
    ...(operation ? { operation } : {}),
  });
  return found.map((c) => c.changed['app/crud.py']);
}

describe('python.partial-update', () => {
  it('dumps only the set fields where a loop copies the request onto an existing row', async () => {
    const source =
      'def update_item(db, item, payload):\n' +
      '    for field, value in payload.model_dump().items():\n' +
      '        setattr(item, field, value)\n' +
      '    db.commit()\n' +
      '    return item\n';
    expect(await run(source, 4)).toEqual([source.replace('model_dump()', 'model_dump(exclude_unset=True)')]);
  });

  it("does the same through a local in a generic base class's method, keeping other arguments", async () => {
    const source =
      'class Base:\n' +
      '    def update(self, db, *, db_obj, obj_in):\n' +
      '        data = obj_in.model_dump(mode="json")\n' +
      '        for key, val in data.items():\n' +
      '            setattr(db_obj, key, val)\n' +
      '        db.add(db_obj)\n' +
      '        db.commit()\n' +
      '        return db_obj\n';
    expect(await run(source, 7)).toEqual([
      source.replace('model_dump(mode="json")', 'model_dump(mode="json", exclude_unset=True)'),
    ]);
    // Postgres says it its own way; pydantic v1 spells the dump `.dict()`; no contract (a test run).
    const v1 = source.replace('model_dump(mode="json")', 'dict()');
    const pg = { type: 'IntegrityError', message: 'null value in column "name" of relation "items" violates not-null' };
    expect(await run(v1, 7, undefined, pg)).toEqual([v1.replace('dict()', 'dict(exclude_unset=True)')]);
  });

  it('edits the dump a service hands to a repository function that copies its parameter', async () => {
    const repo =
      'def apply_changes(row, changes):\n' +
      '    for key, value in changes.items():\n' +
      '        setattr(row, key, value)\n' +
      '    return row\n';
    const service =
      'from app.repo import apply_changes\n' +
      '\n' +
      '\n' +
      'def update_item(db, item, payload):\n' +
      '    changes = payload.model_dump()\n' +
      '    apply_changes(item, changes)\n' +
      '    db.commit()\n' +
      '    return item\n';
    const found = await candidatesOf(pythonPartialUpdate, {
      files: { 'app/repo.py': repo, 'app/service.py': service },
      culprit: { file: 'app/service.py', line: 7 },
      exception: notNull,
      operation: patch(),
    });
    expect(found.map((c) => c.changed)).toEqual([
      { 'app/service.py': service.replace('model_dump()', 'model_dump(exclude_unset=True)') },
    ]);
    // A function that only reads the dict (no setattr onto a row) is not a copy.
    const reader =
      'def apply_changes(row, changes):\n    for key, value in changes.items():\n        log(key, value)\n';
    const none = await candidatesOf(pythonPartialUpdate, {
      files: { 'app/repo.py': reader, 'app/service.py': service },
      culprit: { file: 'app/service.py', line: 7 },
      exception: notNull,
      operation: patch(),
    });
    expect(none).toEqual([]);
  });

  it('leaves a create, a filtered dump, a required column and another error alone', async () => {
    const create =
      'def create_item(db, payload):\n' +
      '    item = Item()\n' +
      '    for field, value in payload.model_dump().items():\n' +
      '        setattr(item, field, value)\n' +
      '    db.add(item)\n' +
      '    db.commit()\n' +
      '    return item\n';
    expect(await run(create, 6)).toEqual([]);
    const filtered =
      'def update_item(db, item, payload):\n' +
      '    for field, value in payload.model_dump(exclude_none=True).items():\n' +
      '        setattr(item, field, value)\n' +
      '    db.commit()\n';
    expect(await run(filtered, 4)).toEqual([]);
    const update =
      'def update_item(db, item, payload):\n' +
      '    for field, value in payload.model_dump().items():\n' +
      '        setattr(item, field, value)\n' +
      '    db.commit()\n';
    expect(await run(update, 4, patch(['name']))).toEqual([]);
    expect(await run(update, 4, patch(), { ...notNull, message: 'UNIQUE constraint failed: items.name' })).toEqual([]);
    // The dump is never copied with setattr: the None comes from somewhere else.
    const logged =
      'def update_item(db, item, payload):\n' +
      '    data = payload.model_dump()\n' +
      '    for key, value in data.items():\n' +
      '        log.info(key, value)\n' +
      '    db.commit()\n';
    expect(await run(logged, 5)).toEqual([]);
  });
});
