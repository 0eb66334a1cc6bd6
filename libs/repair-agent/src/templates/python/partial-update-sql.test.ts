import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonPartialUpdate } from './partial-update.js';
import { candidatesOf } from './test-support/python-context.js';

// Raw DB-API code (sqlite3, no ORM): the UPDATE is built from the request model's dump.
const notNull = { type: 'sqlite3.IntegrityError', message: 'NOT NULL constraint failed: gadgets.label' };

function patch(required: string[] = []): ApiOperation {
  const optional = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  return {
    method: 'PATCH',
    path: '/gadgets/{gadget_id}',
    endpoint: 'PATCH /gadgets/{gadget_id}',
    parameters: [],
    requestBody: {
      required: true,
      mediaType: 'application/json',
      schema: { type: 'object', properties: { label: optional, colour: optional }, required },
    },
    responses: [{ status: '200', description: 'ok' }],
  } as unknown as ApiOperation;
}

async function run(source: string, line: number, operation = patch()) {
  const found = await candidatesOf(pythonPartialUpdate, {
    files: { 'app/gadgets.py': source },
    culprit: { file: 'app/gadgets.py', line },
    exception: notNull,
    operation,
  });
  return found.map((c) => c.changed['app/gadgets.py']);
}

const throughLocals = [
  'def update_gadget(payload: GadgetPatch, gadget_id: int, db=Depends(get_db)):',
  '    changes = payload.model_dump()',
  '    if changes.get("colour") is not None:',
  '        changes["colour"] = changes["colour"].value',
  '    sets = ", ".join(f"{COLUMNS[k]} = ?" for k in changes)',
  '    db.execute(',
  '        f"UPDATE gadgets SET {sets} WHERE id = ?",',
  '        [*[v for v in changes.values()], gadget_id],',
  '    )',
  '    db.commit()',
  '',
].join('\n');

describe('python.partial-update on raw SQL', () => {
  it('dumps only the set fields where an f-string UPDATE is built from the dump through a local', async () => {
    expect(await run(throughLocals, 6)).toEqual([
      throughLocals.replace('payload.model_dump()', 'payload.model_dump(exclude_unset=True)'),
    ]);
  });

  it('does the same for a pydantic v1 .dict() read by the UPDATE statement itself', async () => {
    const source = [
      'def patch_gadget(body, gadget_id, conn):',
      '    data = body.dict()',
      '    conn.execute("UPDATE gadgets SET " + ", ".join(f"{k} = :{k}" for k in data) + " WHERE id = :id",',
      '                 {**data, "id": gadget_id})',
      '',
    ].join('\n');
    expect(await run(source, 3)).toEqual([source.replace('body.dict()', 'body.dict(exclude_unset=True)')]);
  });

  it('leaves an INSERT built from the dump, and a required column, alone', async () => {
    const insert = [
      'def create_gadget(payload, db):',
      '    values = payload.model_dump()',
      '    cols = ", ".join(values)',
      '    db.execute(f"INSERT INTO gadgets ({cols}) VALUES (?, ?)", list(values.values()))',
      '',
    ].join('\n');
    expect(await run(insert, 4)).toEqual([]);
    expect(await run(throughLocals, 6, patch(['label']))).toEqual([]);
  });
});
