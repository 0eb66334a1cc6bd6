import { describe, expect, it } from 'vitest';
import { pythonAsyncLazyLoad } from './async-lazy-load.js';
import { candidatesOf } from './test-support/python-context.js';

const models = (cave: string) => `from sqlalchemy.orm import Mapped, mapped_column, relationship


class Cave(Base):
    name: Mapped[str]
    wheels: Mapped[list["Wheel"]] = relationship(back_populates="cave")


class Wheel(Base):
    code: Mapped[str]
    cave: Mapped[Cave] = ${cave}
`;
const route = 'def to_out(wheel):\n    return WheelOut(code=wheel.code, cave_name=wheel.cave.name)\n';
const greenlet = "greenlet_spawn has not been called; can't call await_only() here.";

async function run(modelSource: string, line = route) {
  const found = await candidatesOf(pythonAsyncLazyLoad, {
    files: { 'app/models.py': modelSource, 'app/routes.py': line },
    culprit: { file: 'app/routes.py', line: 2 },
    exception: { type: 'sqlalchemy.exc.MissingGreenlet', message: greenlet },
  });
  return found.map((c) => c.changed['app/models.py']);
}

describe('python.async-lazy-load', () => {
  it('loads the relationship read on the line with its parent', async () => {
    expect(await run(models('relationship(back_populates="wheels")'))).toEqual([
      models('relationship(back_populates="wheels", lazy="selectin")'),
    ]);
    expect(await run(models('relationship()'))).toEqual([models('relationship(lazy="selectin")')]);
  });

  it('leaves a relationship with a lazy= of its own, and a line reading columns only', async () => {
    expect(await run(models('relationship(back_populates="wheels", lazy="raise")'))).toEqual([]);
    const columns = 'def to_out(wheel):\n    return WheelOut(code=wheel.code, name=wheel.name)\n';
    expect(await run(models('relationship(back_populates="wheels")'), columns)).toEqual([]);
  });
});
