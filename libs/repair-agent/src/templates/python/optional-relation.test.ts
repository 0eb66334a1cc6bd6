import { describe, expect, it } from 'vitest';
import { pythonOptionalRelation } from './optional-relation.js';
import { candidatesOf } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const noName = { type: 'AttributeError', message: "'NoneType' object has no attribute 'full_name'" };
const nullableText = { anyOf: [{ type: 'string' }, { type: 'null' }] };
const berth = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    skipper_name: nullableText,
    harbour_name: { type: 'string' },
  },
  required: ['id', 'skipper_name', 'harbour_name'],
};
const models = [
  'class Berth(Base):',
  '    skipper_id: Mapped[int | None] = mapped_column(ForeignKey("skippers.id"), nullable=True)',
  '    skipper: Mapped["Skipper | None"] = relationship(back_populates="berths")',
  '    harbour = relationship("Harbour")',
  '',
].join('\n');

async function run(source: string, line: number, schema: Record<string, unknown> = berth, exception = noName) {
  const found = await candidatesOf(pythonOptionalRelation, {
    files: { 'app/models.py': models, 'app/routes.py': source },
    culprit: { file: 'app/routes.py', line },
    exception,
    operation: operation('GET /berths/{berth_id}', { '200': schema, '404': null }, ['berth_id']),
  });
  return found.map((c) => c.changed['app/routes.py']?.split('\n')[line - 1]);
}

describe('python.optional-relation', () => {
  it('answers null for a nullable keyword of the response model read through an unset relationship', async () => {
    const source = [
      'def get_berth(berth_id, db):',
      '    berth = db.get(Berth, berth_id)',
      '    if berth is None:',
      '        raise HTTPException(status_code=404)',
      '    return BerthOut(',
      '        id=berth.id,',
      '        skipper_name=berth.skipper.full_name,',
      '        harbour_name=berth.harbour.name,',
      '    )',
      '',
    ].join('\n');
    expect(await run(source, 7)).toEqual([
      '        skipper_name=berth.skipper.full_name if berth.skipper is not None else None,',
    ]);
  });

  it('guards a dict value of a list item, through a method call on the attribute', async () => {
    const source = [
      'def rows(berths):',
      '    return [{"id": b.id, "skipper_name": b.skipper.full_name.title()} for b in berths]',
      '',
    ].join('\n');
    expect(await run(source, 2, { type: 'array', items: berth })).toEqual([
      '    return [{"id": b.id, "skipper_name": b.skipper.full_name.title() if b.skipper is not None else None} ' +
        'for b in berths]',
    ]);
  });

  it('leaves required fields, a missed lookup itself and undeclared attributes alone', async () => {
    // A required field: no value of ours to invent.
    const required = 'def get_berth(berth):\n    return BerthOut(harbour_name=berth.harbour.full_name)\n';
    expect(await run(required, 2)).toEqual([]);
    // The looked-up record itself is None: a 404 (none-deref), not null.
    const lookup =
      'def get_berth(db, berth_id):\n    skipper = db.get(Skipper, berth_id)\n' +
      '    return BerthOut(skipper_name=skipper.full_name)\n';
    expect(await run(lookup, 3)).toEqual([]);
    // An attribute the project does not declare optional.
    const undeclared = 'def get_berth(berth):\n    return BerthOut(skipper_name=berth.crew.full_name)\n';
    expect(await run(undeclared, 2)).toEqual([]);
  });
});
