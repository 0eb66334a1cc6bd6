import { describe, expect, it } from 'vitest';
import { extractUnifiedDiff } from './parse-diff.js';
import { GOOD_DIFF } from './test-support/shop-fixture.js';

describe('extractUnifiedDiff', () => {
  it('takes a plain diff and rewrites it in git form', () => {
    const result = extractUnifiedDiff(GOOD_DIFF);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => f.path)).toEqual(['app/services/orders.py']);
    expect(result.diff.startsWith('diff --git a/app/services/orders.py b/app/services/orders.py\n--- a/app/services/orders.py\n+++ b/app/services/orders.py\n@@ -5,4')).toBe(true);
  });

  it('takes the diff out of a ```diff fence with prose around it', () => {
    const result = extractUnifiedDiff(`Here is the fix:\n\n\`\`\`diff\n${GOOD_DIFF}\`\`\`\n\nThis renames the variable.`);
    expect(result.ok && result.files[0]!.hunks[0]!.lines).toEqual(['     total = 0', '     for item in items:', '         total += item["price"] * item["qty"]', '-    return totl', '+    return total']);
  });

  it('ignores prose after an unfenced diff and restores blank context lines', () => {
    const diff = '--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a = 1\n\n-b = 2\n+b = 3\nThat is all.\n';
    const result = extractUnifiedDiff(diff);
    expect(result.ok && result.files[0]!.hunks[0]!.lines).toEqual([' a = 1', ' ', '-b = 2', '+b = 3']);
  });

  it('accepts paths without a/ b/ prefixes and new files', () => {
    const result = extractUnifiedDiff('--- /dev/null\n+++ app/new.py\n@@ -0,0 +1 @@\n+x = 1\n--- app/old.py\n+++ app/old.py\n@@ -1 +1 @@\n-y\n+z\n');
    expect(result.ok && result.files.map((f) => [f.path, f.newFile])).toEqual([
      ['app/new.py', true],
      ['app/old.py', false],
    ]);
    expect(result.ok && result.diff).toContain('new file mode 100644\n--- /dev/null\n+++ b/app/new.py');
  });

  it.each([
    ['no diff at all', 'I think you should rename totl to total.', /no unified diff/],
    ['a hunk without line numbers', '--- a/x.py\n+++ b/x.py\n@@ ... @@\n-a\n+b\n', /line numbers/],
    ['no hunks', '--- a/x.py\n+++ b/x.py\n', /without hunks/],
    ['a path outside the root', '--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n', /outside the app root/],
    ['an absolute path', '--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n', /outside the app root/],
    ['a rename', '--- a/x.py\n+++ b/y.py\n@@ -1 +1 @@\n-a\n+b\n', /renames/],
    ['a deletion', '--- a/x.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n', /deletions/],
    ['a hunk that changes nothing', '--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n a\n', /changes nothing/],
    ['a binary patch', 'diff --git a/x.png b/x.png\nGIT binary patch\nliteral 1\n', /binary/],
  ])('refuses %s with a reason', (_name, answer, reason) => {
    const result = extractUnifiedDiff(answer);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
