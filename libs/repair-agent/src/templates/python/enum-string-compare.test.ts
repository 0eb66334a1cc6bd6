import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonEnumStringCompare } from './enum-string-compare.js';
import { candidatesOf } from './test-support/python-context.js';

const models = (base = 'enum.Enum') => `import enum

from sqlalchemy.orm import Mapped, mapped_column


class BlockStatus(${base}):
    raw = "raw"
    split = "split"


class Block(Base):
    __tablename__ = "blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[BlockStatus] = mapped_column(nullable=False)


class OrderStatus(enum.Enum):
    open = "open"


class Order(Base):
    __tablename__ = "orders"
    status: Mapped[OrderStatus] = mapped_column(nullable=False)
`;
const routes = (
  guard: string,
  imports = 'from app.models import Block\n',
) => `from fastapi import APIRouter, HTTPException

${imports}
router = APIRouter()


@router.patch("/blocks/{block_id}/status")
def update_status(block_id: int, db=Depends(get_db)):
    block = db.get(Block, block_id)
    ${guard}
        raise HTTPException(status_code=409, detail=f"Block is already {block.status.value}")
    return block
`;
// The smoke's violation, and a pytest failure (no statuses on it, the assertion's words only).
const smoke = { expectedStatus: 200, actualStatus: 409, endpoint: 'PATCH /blocks/{block_id}/status' } as Violation;
const pytest = {
  nodeid: 'tests/test_blocks.py::test_split',
  endpoint: 'tests/test_blocks.py::test_split',
  expectedStatus: null,
  actualStatus: null,
  message: 'tests/test_blocks.py::test_split failed: AssertionError: assert 409 == 200',
} as unknown as Violation;

const run = async (guard: string, o: { base?: string; violation?: Violation; imports?: string } = {}) =>
  (
    await candidatesOf(pythonEnumStringCompare, {
      files: { 'app/models.py': models(o.base), 'app/blocks.py': routes(guard, o.imports) },
      cause: {
        kind: 'status_mismatch',
        violations: [o.violation ?? smoke],
        endpoints: ['PATCH /blocks/{block_id}/status'],
      },
    })
  ).map((f) => f.changed['app/blocks.py']);

describe('python.enum-string-compare', () => {
  it('compares a plain Enum column with the member, importing the enum, on a smoke refusal', async () => {
    expect(await run('if block.status != "raw":')).toEqual([
      routes('if block.status != BlockStatus.raw:', 'from app.models import Block, BlockStatus\n'),
    ]);
  });

  it("does the same for pytest's assert 409 == 200, an == comparison and the enum already imported", async () => {
    const imports = 'from app.models import Block, BlockStatus\n';
    expect(await run("if not block.status == 'raw':", { violation: pytest, imports })).toEqual([
      routes('if not block.status == BlockStatus.raw:', imports),
    ]);
  });

  it('leaves a str enum, a literal no member has, a string in text and a refusal the contract expects', async () => {
    expect(await run('if block.status != "raw":', { base: 'str, enum.Enum' })).toEqual([]);
    expect(await run('if block.status != "Raw":')).toEqual([]);
    expect(await run('if print("block.status != \'raw\'"):')).toEqual([]);
    const expected = { ...smoke, expectedStatus: 409 } as Violation;
    expect(await run('if block.status != "raw":', { violation: expected })).toEqual([]);
  });
});
