import { describe, expect, it } from 'vitest';
import { nodeConstReassigned } from './const-reassigned.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for an assignment to a const binding (captured from a run).
const run = (files: Record<string, string>, file: string, line: number) =>
  allCandidates(
    nodeConstReassigned,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /carts/{cartId}',
      log: nodeLog('TypeError: Assignment to constant variable.', [`file:///app/${file}:${line}:16`]),
    }).context,
    [file],
  );

describe('node.const-reassigned', () => {
  it('declares with let an accumulator a map callback adds to (CommonJS)', async () => {
    const service =
      "'use strict';\nfunction priced(cart) {\n  const sumCents = 0;\n  const rows = cart.entries.map((e) => {\n" +
      '    const cents = e.each * e.count;\n    sumCents += cents;\n    return { ...e, cents };\n  });\n' +
      '  return { ...cart, rows, sumCents };\n}\nmodule.exports = { priced };\n';
    const found = await run({ 'src/services/carts.js': service }, 'src/services/carts.js', 6);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.const-reassigned']);
    expect(found[0]!.files['src/services/carts.js']).toBe(service.replace('const sumCents = 0;', 'let sumCents = 0;'));
  });

  it('does the same for a counter incremented in a for-of loop, and a module-level const (TypeScript)', async () => {
    const counter =
      'export function tally(items: { ok: boolean }[]): number {\n  const seen: number = 0;\n' +
      '  for (const item of items) {\n    if (item.ok) seen++;\n  }\n  return seen;\n}\n';
    const found = await run({ 'src/tally.ts': counter }, 'src/tally.ts', 4);
    expect(found[0]!.files['src/tally.ts']).toBe(counter.replace('const seen: number', 'let seen: number'));
    const moduleLevel = 'export const cache = null;\nexport function warm(v) {\n  cache = v;\n  return v;\n}\n';
    const again = await run({ 'src/cache.js': moduleLevel }, 'src/cache.js', 3);
    expect(again[0]!.files['src/cache.js']).toBe(moduleLevel.replace('export const cache', 'export let cache'));
  });

  it('near miss: a for-of head, an import, a destructured const, a parameter shadowing the const', async () => {
    const loopHead = 'function f(xs) {\n  for (const x of xs) {\n    x = x * 2;\n  }\n}\n';
    expect(await run({ 'src/a.js': loopHead }, 'src/a.js', 3)).toEqual([]);
    const imported = "import { limit } from './config.js';\nexport function raise() {\n  limit += 1;\n}\n";
    expect(await run({ 'src/b.js': imported }, 'src/b.js', 3)).toEqual([]);
    const destructured = 'function g(o) {\n  const { n } = o;\n  n += 1;\n  return n;\n}\n';
    expect(await run({ 'src/c.js': destructured }, 'src/c.js', 3)).toEqual([]);
    const shadowed = 'const total = 0;\nfunction h(total) {\n  total += 1;\n  return total;\n}\n';
    expect(await run({ 'src/d.js': shadowed }, 'src/d.js', 3)).toEqual([]);
  });
});
