import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonExecuteRows } from './execute-rows.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(routes: string) {
  const found = await candidatesOf(pythonExecuteRows, {
    files: { 'app/caves.py': routes },
    exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '3 validation errors:' },
    cause: { kind: 'runtime_error', endpoints: ['GET /caves'] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/caves.py']);
}

const routes = (body: string) => `from fastapi import APIRouter
from sqlalchemy import select

router = APIRouter(prefix="/caves")


@router.get("", response_model=list[CaveOut])
async def list_caves(db: DbSession):
${body}
`;

describe('python.execute-rows', () => {
  it('returns the scalars of a one-entity select, by name or inline', async () => {
    const named = routes('    result = await db.execute(select(Cave).order_by(Cave.id))\n    return result.all()');
    expect(await run(named)).toEqual([named.replace('return result.all()', 'return result.scalars().all()')]);
    const inline = routes('    return (await db.execute(select(Cave).order_by(Cave.id))).all()');
    expect(await run(inline)).toEqual([inline.replace(')).all()', ')).scalars().all()')]);
  });

  it('leaves a select of columns or of two entities, and scalars already taken', async () => {
    expect(
      await run(routes('    result = await db.execute(select(Cave.id, Cave.name))\n    return result.all()')),
    ).toEqual([]);
    expect(await run(routes('    result = await db.execute(select(Cave, Wheel))\n    return result.all()'))).toEqual(
      [],
    );
    const rebound =
      '    result = await db.execute(select(Cave))\n    result = await db.execute(select(Cave, Wheel))\n' +
      '    return result.all()';
    expect(await run(routes(rebound))).toEqual([]);
    expect(await run(routes('    result = await db.execute(select(Cave))\n    return result.scalars().all()'))).toEqual(
      [],
    );
  });
});
