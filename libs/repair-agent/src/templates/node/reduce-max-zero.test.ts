import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeReduceEmpty } from './reduce-empty.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// A per-item report whose max over an item's readings is empty for an item with none.
const file = 'src/services/usage.ts';
const usage =
  'export function usage(rooms: Room[], talks: Talk[]) {\n  return rooms.map((room) => {\n' +
  '    const mins = talks.filter((t) => t.roomId === room.id).map((t) => t.minutes);\n' +
  '    return {\n      roomId: room.id,\n      talks: mins.length,\n' +
  '      minutesBooked: mins.reduce((sum, m) => sum + m, 0),\n' +
  '      longestTalk: mins.reduce((max, m) => Math.max(max, m)),\n    };\n  });\n}\n';
const report = (properties: Record<string, unknown>, source = usage, line = 8) => {
  const { context } = templateContext(
    { [file]: source },
    {
      kind: 'runtime_error',
      endpoint: 'GET /reports/rooms',
      log: nodeLog('TypeError: Reduce of empty array with no initial value', [
        'Array.reduce (<anonymous>)',
        `<anonymous> (/app/${file}:${line}:32)`,
      ]),
    },
  );
  const items = { type: 'object', properties };
  const operation: ApiOperation = {
    method: 'GET',
    path: '/reports/rooms',
    endpoint: 'GET /reports/rooms',
    parameters: [],
    responses: [{ status: '200', mediaTypes: ['application/json'], schema: { type: 'array', items } }],
  };
  return { ...context, operation, tree: context.tree };
};

describe('node.reduce-empty#max', () => {
  it('starts a max at 0 where the same list is summed from 0 beside it and the field is an integer', async () => {
    const found = await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'integer' } }), [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.reduce-empty#max']);
    expect(found[0]!.files[file]).toBe(usage.replace('Math.max(max, m)),', 'Math.max(max, m), 0),'));
  });

  it('starts a max at 0 where the field documents minimum 0, with no sum beside it (JavaScript)', async () => {
    const js = usage
      .replace('(rooms: Room[], talks: Talk[])', '(rooms, talks)')
      .replace('      minutesBooked: mins.reduce((sum, m) => sum + m, 0),\n', '      minutesBooked: 0,\n');
    const found = await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'number', minimum: 0 } }, js), [
      file,
    ]);
    expect(found[0]!.files[file]).toBe(js.replace('Math.max(max, m)),', 'Math.max(max, m), 0),'));
  });

  it('leaves a min, a max with no evidence its values are at least 0, and a field that is not a number', async () => {
    const min = usage.replace('Math.max(max, m)', 'Math.min(max, m)');
    expect(await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'integer' } }, min), [])).toEqual([]);
    const unsummed = usage.replace('mins.reduce((sum, m) => sum + m, 0)', '0');
    expect(await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'integer' } }, unsummed), [])).toEqual(
      [],
    );
    const otherList = usage.replace('mins.reduce((sum, m) => sum + m, 0)', 'talks.reduce((sum, m) => sum + m, 0)');
    expect(await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'integer' } }, otherList), [])).toEqual(
      [],
    );
    expect(await allCandidates(nodeReduceEmpty, report({ longestTalk: { type: 'string' } }), [])).toEqual([]);
    expect(await allCandidates(nodeReduceEmpty, report({ talks: { type: 'integer' } }), [])).toEqual([]);
  });
});
