import { describe, expect, it } from 'vitest';
import { pythonStartStateDefault } from './start-state-default.js';
import { candidatesOf } from './test-support/python-context.js';

const model =
  'from sqlalchemy import String\n' +
  'from sqlalchemy.orm import Mapped, mapped_column\n' +
  '\n' +
  '\n' +
  'class Lesson(Base):\n' +
  '    __tablename__ = "lessons"\n' +
  '    id: Mapped[int] = mapped_column(primary_key=True)\n' +
  '    status: Mapped[str] = mapped_column(String(20), nullable=False)\n';
const complete =
  'def complete(db, lesson):\n' +
  '    if lesson.status != "scheduled":\n' +
  '        raise ConflictError("not scheduled")\n' +
  '    lesson.status = "completed"\n' +
  '    db.commit()\n';
const notNull = { type: 'sqlalchemy.exc.IntegrityError', message: 'NOT NULL constraint failed: lessons.status' };

async function run(service: string, models = model, exception = notNull) {
  const found = await candidatesOf(pythonStartStateDefault, {
    files: { 'app/models.py': models, 'app/service.py': service },
    exception,
  });
  return found.map((c) => c.changed['app/models.py']);
}

describe('python.start-state-default', () => {
  it('defaults the state column to the one state every transition requires first', async () => {
    expect(await run(complete)).toEqual([model.replace('nullable=False)', 'nullable=False, default="scheduled")')]);
  });

  it("takes an enum member the model's module defines, on a Column and Postgres' message", async () => {
    const enumModel =
      'import enum\n' +
      'from sqlalchemy import Column, String\n' +
      '\n' +
      '\n' +
      'class State(str, enum.Enum):\n' +
      '    OPEN = "open"\n' +
      '    SHIPPED = "shipped"\n' +
      '\n' +
      '\n' +
      'class Order(Base):\n' +
      '    __tablename__ = "orders"\n' +
      '    state = Column(String, nullable=False)\n';
    const ship =
      'class Orders:\n' +
      '    def ship(self, order):\n' +
      '        if order.state != State.OPEN.value:\n' +
      '            raise Conflict(order.id)\n' +
      '        order.state = State.SHIPPED.value\n';
    const pg = {
      type: 'IntegrityError',
      message: 'null value in column "state" of relation "orders" violates not-null',
    };
    expect(await run(ship, enumModel, pg)).toEqual([
      enumModel.replace('nullable=False)', 'nullable=False, default=State.OPEN.value)'),
    ]);
  });

  it('leaves two start states, a state rows move back to, a check without a move and a default alone', async () => {
    const review =
      'def archive(db, lesson):\n' +
      '    if lesson.status != "completed":\n' +
      '        raise ConflictError("not done")\n' +
      '    lesson.status = "archived"\n';
    expect(await run(complete + '\n\n' + review)).toEqual([]);
    const reopen = 'def reopen(lesson):\n    lesson.status = "scheduled"\n';
    expect(await run(complete + '\n\n' + reopen)).toEqual([]);
    const checkOnly =
      'def review(lesson):\n    if lesson.status != "completed":\n        raise ValueError("no")\n    return 1\n';
    expect(await run(checkOnly)).toEqual([]);
    expect(await run(complete, model.replace('nullable=False)', 'nullable=False, server_default="x")'))).toEqual([]);
    expect(await run(complete, model, { ...notNull, message: 'NOT NULL constraint failed: lessons.title' })).toEqual(
      [],
    );
  });
});
