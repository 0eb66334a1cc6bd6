import { describe, expect, it } from 'vitest';
import { pythonMutableDefault } from './mutable-default.js';
import { candidatesOf } from './test-support/python-context.js';

const router = (call: string) =>
  'from fastapi import APIRouter\n\nfrom app.services.queue import line_up\n\nrouter = APIRouter()\n\n\n' +
  '@router.get("/ovens/{oven_id}/queue")\n' +
  `def oven_queue(oven_id: int, status: str | None = None):\n    return ${call}\n`;
const service = (signature: string, body: string) => `def ${signature}:\n    """Batches in baking order."""\n${body}`;
const longer = {
  kind: 'test_failure',
  endpoints: ['GET /ovens/{oven_id}/queue'],
  violations: [
    {
      nodeid: 'tests/test_ovens.py::test_queue',
      message: "tests/test_ovens.py::test_queue failed: AssertionError: assert [{'batch': ...}] == [{'batch': ...}]",
      responseExcerpt: "E     Left contains 3 more items, first extra item: {'batch': 2, 'slot': 2}",
    },
  ],
} as never;
const run = (svc: string, cause = longer) =>
  candidatesOf(pythonMutableDefault, {
    files: { 'app/routers/ovens.py': router('line_up(oven_id)'), 'app/services/queue.py': svc },
    cause,
  });

describe('python.mutable-default', () => {
  it('makes an appended-to list default None and creates the list per call, after the docstring', async () => {
    const body = '    for slot in range(oven_id):\n        into.append({"slot": slot})\n    return into\n';
    const found = await run(service('line_up(oven_id: int, into: list[dict] = [])', body));
    expect(found.map((f) => f.key)).toEqual(['python.mutable-default']);
    expect(found[0]!.changed['app/services/queue.py']).toBe(
      service(
        'line_up(oven_id: int, into: list[dict] | None = None)',
        '    if into is None:\n        into = []\n' + body,
      ),
    );
  });

  it('fixes an unannotated dict default whose items the function assigns', async () => {
    const body = '    seen[oven_id] = True\n    return list(seen)\n';
    const found = await run(service('line_up(oven_id, seen={})', body));
    expect(found[0]!.changed['app/services/queue.py']).toBe(
      service('line_up(oven_id, seen=None)', '    if seen is None:\n        seen = {}\n' + body),
    );
  });

  it('leaves a default that is copied before use, and an answer shorter than expected, alone', async () => {
    const copied = service(
      'line_up(oven_id: int, into: list[dict] = [])',
      '    into = list(into)\n    into.append({"slot": oven_id})\n    return into\n',
    );
    expect(await run(copied)).toEqual([]);
    const appended = service(
      'line_up(oven_id: int, into: list[dict] = [])',
      '    into.append({"slot": oven_id})\n    return into\n',
    );
    const shorter = {
      ...(longer as object),
      violations: [{ nodeid: 'tests/test_ovens.py::test_queue', message: 'assert [1] == [1, 2]', responseExcerpt: '' }],
    } as never;
    expect(await run(appended, shorter)).toEqual([]);
  });
});
