import { describe, expect, it } from 'vitest';
import { nodeIteratorArray } from './iterator-array.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for an array method on a Map iterator (captured from a run).
const notAFunction = (expression: string, frame: string) =>
  nodeLog(`TypeError: ${expression} is not a function`, [frame]);
const run = (files: Record<string, string>, file: string, expression: string, line: number) =>
  allCandidates(
    nodeIteratorArray,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /boats',
      log: notAFunction(expression, `listBoats (file:///app/${file}:${line}:35)`),
    }).context,
    [file],
  );

describe('node.iterator-array', () => {
  it('spreads a Map#values() iterator into an array before .map (ESM store)', async () => {
    const data =
      "import { store } from '../store.js';\n\nexport async function listBoats() {\n" +
      '  const boats = store.boats.values().map((b) => ({ ...b }));\n  return boats;\n}\n';
    const found = await run({ 'src/data/boats.js': data }, 'src/data/boats.js', 'store.boats.values(...).map', 4);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.iterator-array']);
    expect(found[0]!.files['src/data/boats.js']).toBe(
      data.replace('store.boats.values().map(', '[...store.boats.values()].map('),
    );
  });

  it('does the same for entries() followed by filter over several lines (CommonJS)', async () => {
    const cache =
      'const sessions = new Map();\nfunction active() {\n  return sessions\n    .entries()\n' +
      '    .filter(([, s]) => s.open);\n}\nmodule.exports = { active };\n';
    const found = await run({ 'src/cache.js': cache }, 'src/cache.js', 'sessions.entries(...).filter', 5);
    expect(found[0]!.files['src/cache.js']).toBe(
      cache.replace('return sessions\n    .entries()\n', 'return [...sessions\n    .entries()]\n'),
    );
  });

  it('leaves a method arrays lack too, and a call the message does not name', async () => {
    const data = 'export function listBoats(store) {\n  return store.boats.values().map((b) => b).size();\n}\n';
    expect(await run({ 'src/a.js': data }, 'src/a.js', 'store.boats.values(...).map(...).size', 2)).toEqual([]);
    expect(await run({ 'src/a.js': data }, 'src/a.js', 'store.boats.keys(...).map', 2)).toEqual([]);
  });
});
