import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gitApplyCheck } from '../adapters/git-apply.js';
import { unifiedDiff } from './unified-diff.js';

// Real source files of this repository, edited in the ways repairs edit code.
const here = dirname(fileURLToPath(import.meta.url));
const samples = readdirSync(join(here, '..', 'recipes', 'python'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ path: `src/${f}`, text: readFileSync(join(here, '..', 'recipes', 'python', f), 'utf8') }));

function mutate(text: string, seed: number): string {
  const lines = text.split('\n');
  const at = (n: number) => (seed * 7919 + n * 104729) % Math.max(1, lines.length - 1);
  lines.splice(at(1), 1, `${lines[at(1)]} // changed ${seed}`);
  lines.splice(at(2), 0, `import { extra${seed} } from './extra.js';`);
  if (seed % 2 === 0) lines.splice(at(3), 2);
  return lines.join('\n');
}

describe('unifiedDiff', () => {
  it.each(samples.map((s, i) => [s.path, s, i] as const))(
    'is applied by real git apply to reproduce %s',
    async (_name, sample, seed) => {
      const edit = { path: sample.path, before: sample.text, after: mutate(sample.text, seed + 1) };
      const { diff, changedLines } = unifiedDiff([edit]);
      expect(diff).toMatch(/^diff --git a\/src\//);
      expect(changedLines).toBeGreaterThanOrEqual(3);
      expect(await gitApplyCheck(diff, [edit])).toBeNull();
    },
  );

  it('handles new files, deleted files and missing final newlines', async () => {
    const edits = [
      { path: 'new.py', before: null, after: 'x = 1\n' },
      { path: 'gone.py', before: 'y = 2\n', after: null },
      { path: 'tail.py', before: 'a\nb', after: 'a\nc' },
      { path: 'grow.py', before: 'a', after: 'a\nb\n' },
    ];
    const { diff, changedLines } = unifiedDiff(edits);
    expect(changedLines).toBe(1 + 1 + 2 + 3);
    expect(await gitApplyCheck(diff, edits)).toBeNull();
  });

  it('counts only added and removed lines, not context', () => {
    const before = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'line ten\n').replace('line 40\n', 'line forty\n');
    const { diff, changedLines } = unifiedDiff([{ path: 'f.py', before, after }]);
    expect(changedLines).toBe(4);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });
});
