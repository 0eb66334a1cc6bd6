import { describe, expect, it } from 'vitest';
import { memoryTree } from '../node/test-support/memory-tree.js';
import { culpritRewritten, mapLine } from './remap-culprit.js';

describe('mapLine', () => {
  it('follows a line past lines inserted and removed above it', () => {
    expect(mapLine(['a', 'b', 'c'], ['x', 'a', 'b', 'c'], 3)).toBe(4);
    expect(mapLine(['a', 'b', 'c'], ['b', 'c'], 3)).toBe(2);
    expect(mapLine(['a', 'b', 'c'], ['a', 'B', 'c'], 2)).toBe(2);
    expect(mapLine(['a'], ['a'], 5)).toBeNull();
  });
});

describe('culpritRewritten', () => {
  const source = 'def grade(x, d):\n    g = x.at\n    if g < d.at:\n        raise Bad()\n';
  async function after(edited: string, line: number) {
    const tree = memoryTree({ 'app/s.py': source });
    await tree.write('app/s.py', edited);
    return culpritRewritten(tree, { file: 'app/s.py', line });
  }

  it('a line an earlier patch of the round changed, or put a guard right before, is taken', async () => {
    expect(await after(source.replace('if g < d.at', 'if g.date() < d.at'), 3)).toBe(true);
    const guarded = source.replace('    if g < d.at', '    if g.tzinfo:\n        g = naive(g)\n    if g < d.at');
    expect(await after(guarded, 3)).toBe(true);
  });

  it('a line with edits elsewhere in the file is not', async () => {
    expect(await after(`import x\n${source}`, 3)).toBe(false);
    expect(await after(source.replace('raise Bad()', 'raise Worse()'), 3)).toBe(false);
    // The line above rewritten (a replacement, not an insertion) leaves this one to its own repair.
    expect(await after(source.replace('g = x.at', 'g = await x.at()'), 3)).toBe(false);
  });
});
