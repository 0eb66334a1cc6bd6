import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { pythonMissingAwait } from './missing-await.js';

const repo = `class Repository:
    def __init__(self):
        self.items = {}

    async def get(self, item_id: int):
        return self.items.get(item_id)

    def peek(self, item_id: int):
        return self.items.get(item_id)
`;

async function run(service: string, line: number, message: string, type = 'TypeError') {
  const found = await candidatesOf(pythonMissingAwait, {
    files: {
      'app/repo.py': repo,
      'app/service.py': `from dataclasses import replace\n\nfrom app.repo import Repository\n\n\n${service}`,
    },
    culprit: { file: 'app/service.py', line },
    exception: { type, message },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n').filter((l) => /await/.test(l)));
}

describe('python.missing-await on a coroutine bound to a variable and passed on', () => {
  it('awaits self.method(...) bound to a variable that a later call rejects', async () => {
    const service =
      'class Service:\n    def __init__(self, repo: Repository):\n        self.repo = repo\n\n' +
      '    async def find(self, item_id: int):\n        return await self.repo.get(item_id)\n\n' +
      '    async def update(self, item_id: int, data: dict):\n        current = self.find(item_id)\n' +
      '        return replace(current, **data)\n';
    expect(await run(service, 15, 'replace() should be called on dataclass instances')).toEqual([
      ['        return await self.repo.get(item_id)', '        current = await self.find(item_id)'],
    ]);
  });

  it('awaits self.repo.method(...) (typed in __init__) and param.method(...) (typed parameter)', async () => {
    const viaInit =
      'class Service:\n    def __init__(self, repo: Repository):\n        self.repo = repo\n\n' +
      '    async def name(self, item_id: int):\n        item = self.repo.get(item_id)\n' +
      '        return item.name\n';
    expect(await run(viaInit, 12, "'coroutine' object has no attribute 'name'", 'AttributeError')).toEqual([
      ['        item = await self.repo.get(item_id)'],
    ]);
    const viaParam =
      'async def total(repo: Repository, item_id: int):\n    item = repo.get(item_id)\n    return sum(item)\n';
    expect(await run(viaParam, 8, "unsupported operand type(s) for +: 'int' and 'coroutine'")).toEqual([
      ['    item = await repo.get(item_id)'],
    ]);
    const bare =
      'async def total(repo: Repository, item_id: int):\n    item = repo.get(item_id)\n    return len(item)\n';
    expect(await run(bare, 8, "object of type 'Thing' has no len()")).toEqual([['    item = await repo.get(item_id)']]);
  });

  it('leaves a sync method of the same receiver and a None value alone', async () => {
    const sync =
      'async def total(repo: Repository, item_id: int):\n    item = repo.peek(item_id)\n    return len(item)\n';
    expect(await run(sync, 8, "object of type 'Thing' has no len()")).toEqual([]);
    const none =
      'async def name(repo: Repository, item_id: int):\n    item = repo.get(item_id)\n    return item.name\n';
    expect(await run(none, 8, "'NoneType' object has no attribute 'name'", 'AttributeError')).toEqual([]);
  });
});

describe("python.missing-await on a library coroutine's call statement", () => {
  const other = 'async def get_cave(db, cave_id):\n    await db.commit()\n    return await db.get(Cave, cave_id)\n';
  async function statement(route: string, line: number, message: string) {
    const found = await candidatesOf(pythonMissingAwait, {
      files: { 'app/other.py': other, 'app/routes.py': route },
      culprit: { file: 'app/routes.py', line },
      exception: { type: 'InvalidRequestError', message },
    });
    return found.map((c) => c.changed['app/routes.py']?.split('\n'));
  }

  it('awaits db.commit() when the function awaits db.refresh and the project awaits .commit( elsewhere', async () => {
    const route =
      'async def create_cave(payload, db):\n    cave = Cave(**payload.model_dump())\n    db.add(cave)\n' +
      '    db.commit()\n    await db.refresh(cave)\n    return cave\n';
    const [lines] = await statement(route, 5, 'Instance <Cave at 0x1> is not persistent within this Session');
    expect(lines!.slice(2, 4)).toEqual(['    db.add(cave)', '    await db.commit()']);
  });

  it('leaves a call the project never awaits (db.add), and a receiver the function never awaits, alone', async () => {
    const add = 'async def create(payload, db):\n    db.add(payload)\n    await db.refresh(payload)\n';
    expect(await statement(add, 3, 'Instance is not persistent within this Session')).toEqual([]);
    const addAwaited = { 'app/repo.py': 'async def put(db, x):\n    await db.add(x)\n' };
    const found = await candidatesOf(pythonMissingAwait, {
      files: { 'app/other.py': other, ...addAwaited, 'app/routes.py': add },
      culprit: { file: 'app/routes.py', line: 3 },
      exception: { type: 'InvalidRequestError', message: 'Instance is not persistent within this Session' },
    });
    expect(found).toEqual([]);
    const unawaited = 'async def create(payload, db, log):\n    log.commit()\n    await db.refresh(payload)\n';
    expect(await statement(unawaited, 3, 'Instance is not persistent within this Session')).toEqual([]);
  });
});
