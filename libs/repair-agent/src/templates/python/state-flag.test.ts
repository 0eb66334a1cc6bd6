import { describe, expect, it } from 'vitest';
import { pythonStateFlag } from './state-flag.js';
import { candidatesOf } from './test-support/python-context.js';

const models = (flag: string) => `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Courier(Base):
    __tablename__ = "couriers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    ${flag}
`;

async function run(line: string, message: string, flag = 'is_available: Mapped[bool] = mapped_column(default=True)') {
  const service =
    `from app.models import Courier\n\n\ndef assign(courier: Courier, db):\n${line}\n` + `        return None\n`;
  const found = await candidatesOf(pythonStateFlag, {
    files: { 'app/models.py': models(flag), 'app/service.py': service },
    culprit: { file: 'app/service.py', line: 5 },
    exception: { type: 'AttributeError', message },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[4]);
}

describe('python.state-flag', () => {
  it('reads the bool flag a state word names where the missing attribute is compared with it', async () => {
    const said = "'Courier' object has no attribute 'status'";
    expect(await run('    if courier.status != "available":', said)).toEqual(['    if not courier.is_available:']);
    expect(await run("    if ok and courier.status == 'available':", said)).toEqual([
      '    if ok and courier.is_available:',
    ]);
    // The negated word: `unavailable` is the flag not set.
    expect(await run('    if courier.status == "unavailable":', said)).toEqual(['    if not courier.is_available:']);
  });

  it('writes the SQL negation on the class in a query', async () => {
    const said = "type object 'Courier' has no attribute 'state'";
    expect(await run('    rows = db.query(Courier).filter(Courier.state != "available").all()', said)).toEqual([
      '    rows = db.query(Courier).filter(~Courier.is_available).all()',
    ]);
  });

  it('takes a flag named by the word alone, typed Boolean', async () => {
    const said = "'Courier' object has no attribute 'status'";
    const flag = 'available = Column(Boolean, default=True)';
    expect(await run('    if courier.status != "available":', said, flag)).toEqual(['    if not courier.available:']);
  });

  it('leaves a comparison alone when no bool column is named by the word, or the column is not a bool', async () => {
    const said = "'Courier' object has no attribute 'status'";
    expect(await run('    if courier.status != "retired":', said)).toEqual([]);
    expect(await run('    if courier.status != "available":', said, 'is_available: Mapped[str]')).toEqual([]);
    // A comparison with a variable says nothing about which flag.
    expect(await run('    if courier.status != wanted:', said)).toEqual([]);
  });
  it("reads the model's one bool column holding the word where a missing flag is read as a condition", async () => {
    const said = "'Courier' object has no attribute 'is_available'";
    const flag = 'available_now: Mapped[bool] = mapped_column(default=True)';
    expect(await run('    if not courier.is_available:', said, flag)).toEqual(['    if not courier.available_now:']);
    // An assignment, or two bool columns holding the word: nothing.
    expect(await run('    if courier.is_available == x:', said, flag)).toEqual([]);
    const two = `${flag}\n    available_later: Mapped[bool] = mapped_column(default=False)`;
    expect(await run('    if not courier.is_available:', said, two)).toEqual([]);
  });
});
