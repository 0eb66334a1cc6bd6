import { describe, expect, it } from 'vitest';
import { pythonNoneDeref } from './none-deref.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

// Raw DB-API code (sqlite3, no ORM): a `fetchone()` row subscripted when no row matched, in
// test-command mode where the contract (the code's own) documents no 404 but the test asserts it.
const subscripted = { type: 'TypeError', message: "'NoneType' object is not subscriptable" };
const endpoint = 'GET /gadgets/{gadget_id}';
const undocumented = operation(endpoint, { '200': null, '422': null }, ['gadget_id']);

function crashed(test: string, testLine: number, appFrames: { file: string; line: number }[]) {
  const frames = [
    { file: '/srv/tests/test_gadgets.py', line: testLine, inApp: true },
    ...appFrames.map((f) => ({ file: `/srv/${f.file}`, line: f.line, inApp: true })),
  ];
  return {
    cause: {
      kind: 'test_failure' as const,
      trace: { frames } as never,
      violations: [{ nodeid: `tests/test_gadgets.py::${test}`, endpoint, traces: [] }] as never,
    },
    culprit: appFrames.at(-1)!,
    exception: subscripted,
    operation: undocumented,
  };
}

const handler = [
  'from fastapi import APIRouter, Depends',
  '',
  'router = APIRouter()',
  '',
  '',
  '@router.get("/gadgets/{gadget_id}")',
  'def read_gadget(gadget_id: int, db=Depends(get_db)):',
  '    row = db.execute("SELECT * FROM gadgets WHERE id = ?", (gadget_id,)).fetchone()',
  '    return {"id": row["id"], "label": row["label"]}',
  '',
].join('\n');
const assertedAfter = [
  'def test_unknown_gadget(client):',
  '    r = client.get("/gadgets/404")',
  '    assert r.status_code == 404',
  '',
].join('\n');

describe('python.none-deref on DB-API rows', () => {
  it('raises the 404 the test asserts after a fetchone() row by the id, named for the id', async () => {
    const files = { 'app/gadgets.py': handler, 'tests/test_gadgets.py': assertedAfter };
    const context = templateContext(files, crashed('test_unknown_gadget', 2, [{ file: 'app/gadgets.py', line: 9 }]));
    const [only, ...rest] = await allCandidates(pythonNoneDeref, context, 'app/gadgets.py');
    expect(rest).toEqual([]);
    expect(only?.key).toBe('python.none-deref#raise-404');
    expect(only?.source).toBe(
      handler
        .replace('import APIRouter, Depends', 'import APIRouter, Depends, HTTPException')
        .replace(
          '.fetchone()\n',
          '.fetchone()\n    if row is None:\n        raise HTTPException(status_code=404, detail="Gadget not found")\n',
        ),
    );
  });

  it("reuses the file's raise for a miss of the same unannotated fetchone() helper, checked elsewhere", async () => {
    const route = [
      'from fastapi import APIRouter, Depends, HTTPException',
      '',
      'router = APIRouter()',
      '',
      '',
      'def _load(db, gadget_id):',
      '    return db.execute("SELECT * FROM gadgets WHERE id = ?", (gadget_id,)).fetchone()',
      '',
      '',
      'def _out(row):',
      '    return {"id": row["id"], "label": row["label"]}',
      '',
      '',
      '@router.get("/gadgets/{gadget_id}")',
      'def read_gadget(gadget_id: int, db=Depends(get_db)):',
      '    row = _load(db, gadget_id)',
      '    return _out(row)',
      '',
      '',
      '@router.delete("/gadgets/{gadget_id}")',
      'def drop_gadget(gadget_id: int, db=Depends(get_db)):',
      '    if _load(db, gadget_id) is None:',
      '        raise HTTPException(status_code=404, detail="No such gadget")',
      '',
    ].join('\n');
    const test = 'def test_gone(client):\n    assert client.get("/gadgets/7").status_code == 404\n';
    const context = templateContext(
      { 'app/gadgets.py': route, 'tests/test_gadgets.py': test },
      crashed('test_gone', 2, [
        { file: 'app/gadgets.py', line: 17 },
        { file: 'app/gadgets.py', line: 11 },
      ]),
    );
    const candidates = await allCandidates(pythonNoneDeref, context, 'app/gadgets.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.none-deref#same-lookup', 'python.none-deref#raise-404']);
    expect(candidates[0]!.source).toBe(
      route.replace(
        '    row = _load(db, gadget_id)\n',
        '    row = _load(db, gadget_id)\n    if row is None:\n' +
          '        raise HTTPException(status_code=404, detail="No such gadget")\n',
      ),
    );
  });

  it('proposes nothing when neither the contract nor the test says 404', async () => {
    const expectsOk = 'def test_unknown_gadget(client):\n    r = client.get("/gadgets/404")\n    assert r.ok\n';
    const context = templateContext(
      { 'app/gadgets.py': handler, 'tests/test_gadgets.py': expectsOk },
      crashed('test_unknown_gadget', 2, [{ file: 'app/gadgets.py', line: 9 }]),
    );
    expect(await allCandidates(pythonNoneDeref, context, 'app/gadgets.py')).toEqual([]);
    const later =
      'def test_unknown_gadget(client):\n    r = client.get("/gadgets/404")\n    r = client.get("/")\n' +
      '    assert r.status_code == 404\n';
    const again = templateContext(
      { 'app/gadgets.py': handler, 'tests/test_gadgets.py': later },
      crashed('test_unknown_gadget', 2, [{ file: 'app/gadgets.py', line: 9 }]),
    );
    expect(await allCandidates(pythonNoneDeref, again, 'app/gadgets.py')).toEqual([]);
  });
});
