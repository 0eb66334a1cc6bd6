import { describe, expect, it } from 'vitest';
import { pythonStrConcatNumber } from './str-concat-number.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout8 choir C10, as pytest reported it.
const concat = { type: 'TypeError', message: 'can only concatenate str (not "int") to str' };
const models =
  'class Piece(Base):\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n' +
  '    title: Mapped[str] = mapped_column(String(200))\n' +
  '    year: Mapped[int] = mapped_column(Integer, nullable=False)\n\n\nclass Order(Base):\n' +
  '    number = Column(Integer)\n';

async function run(source: string, line: number, exception = concat) {
  const found = await candidatesOf(pythonStrConcatNumber, {
    files: { 'app/models.py': models, 'app/routes.py': source },
    culprit: { file: 'app/routes.py', line },
    exception,
  });
  return found.map((c) => c.changed['app/routes.py']?.split('\n')[line - 1]);
}

describe('python.str-concat-number', () => {
  it('converts the operand a model declares as a number', async () => {
    const source =
      'def get_piece(piece):\n    out.display = f"{piece.composer}: " + piece.title + " (" + piece.year + ")"\n';
    expect(await run(source, 2)).toEqual([
      '    out.display = f"{piece.composer}: " + piece.title + " (" + str(piece.year) + ")"',
    ]);
    const order = 'def label(order, prefix: str):\n    return prefix + "-" + order.number\n';
    expect(await run(order, 2)).toEqual(['    return prefix + "-" + str(order.number)']);
  });

  it('tries each joined operand when none is declared, a parameter annotated int first', async () => {
    const counted = 'def caption(count: int, name):\n    return name + ": " + count\n';
    expect(await run(counted, 2)).toEqual(['    return name + ": " + str(count)']);
    const untyped = 'def caption(a, b):\n    return a + " and " + b\n';
    expect(await run(untyped, 2)).toEqual(['    return str(a) + " and " + b', '    return a + " and " + str(b)']);
  });

  it('leaves a line joining no string literal, a call, and another message alone', async () => {
    expect(await run('def total(a, b):\n    return a + b\n', 2)).toEqual([]);
    expect(await run('def label(p):\n    return "#" + p.count()\n', 2)).toEqual([]);
    expect(
      await run('def label(p):\n    return "#" + p.year\n', 2, {
        type: 'TypeError',
        message: "unsupported operand type(s) for +: 'int' and 'str'",
      }),
    ).toEqual([]);
  });
  it("converts a datetime parameter's year, and keys each operand on its own when none is declared", async () => {
    const reference = 'def ref(tower, starts_at: datetime) -> str:\n    return tower.code + "-" + starts_at.year\n';
    expect(await run(reference, 2)).toEqual(['    return tower.code + "-" + str(starts_at.year)']);
    const untyped = 'def ref(a, b):\n    return a.code + "-" + b.n\n';
    const found = await candidatesOf(pythonStrConcatNumber, {
      files: { 'app/models.py': models, 'app/routes.py': untyped },
      culprit: { file: 'app/routes.py', line: 2 },
      exception: concat,
    });
    expect(found.map((c) => c.key)).toEqual([
      'python.str-concat-number#operand@a.code',
      'python.str-concat-number#operand@b.n',
    ]);
  });
});
