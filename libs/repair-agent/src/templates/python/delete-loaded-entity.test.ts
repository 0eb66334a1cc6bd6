import { describe, expect, it } from 'vitest';
import { pythonDeleteLoadedEntity } from './delete-loaded-entity.js';
import { candidatesOf } from './test-support/python-context.js';

const route = (load: string, remove = 'db.delete(harvest_id)') =>
  [
    'def delete_harvest(harvest_id: int, db):',
    `    ${load}`,
    '    if harvest is None:',
    '        raise HTTPException(status_code=404)',
    `    ${remove}`,
    '    db.commit()',
    '',
  ].join('\n');

async function run(source: string) {
  const found = await candidatesOf(pythonDeleteLoadedEntity, {
    files: { 'app/harvests.py': source },
    culprit: { file: 'app/harvests.py', line: 5 },
    exception: { type: 'sqlalchemy.orm.exc.UnmappedInstanceError', message: "Class 'builtins.int' is not mapped" },
  });
  return found.map((c) => c.changed['app/harvests.py']);
}

describe('python.delete-loaded-entity', () => {
  it('deletes the entity the function loaded by the id (db.get, a select read with .first())', async () => {
    const get = 'harvest = db.get(Harvest, harvest_id)';
    expect(await run(route(get))).toEqual([route(get, 'db.delete(harvest)')]);
    const first = 'harvest = db.scalars(select(Harvest).where(Harvest.id == harvest_id)).first()';
    expect(await run(route(first))).toEqual([route(first, 'db.delete(harvest)')]);
  });

  it('leaves a delete whose id no lookup of the function used', async () => {
    expect(await run(route('harvest = db.get(Harvest, 1)'))).toEqual([]);
  });
});
