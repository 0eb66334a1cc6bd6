import { describe, expect, it } from 'vitest';
import { checkPatchShape, globMatches, isInsideRoot, patchPolicySchema } from './patch-policy.js';

const policy = patchPolicySchema.parse({});
const edit = (path: string) => ({ path, before: 'a\n', after: 'b\n' });

describe('patch policy', () => {
  it('accepts a small patch inside the root', () => {
    expect(checkPatchShape([edit('app/routers/x.py')], 2, policy)).toBeNull();
  });

  const cases: [string, ReturnType<typeof edit>[], number, string][] = [
    ['a parent path', [edit('../outside.py')], 2, 'outside_root'],
    ['an absolute path', [edit('/etc/passwd')], 2, 'outside_root'],
    ['a test file', [edit('tests/smoke/test_x.py')], 2, 'protected_path'],
    ['a nested test file', [edit('app/tests/test_models.py')], 2, 'protected_path'],
    ['a JS test', [edit('src/cart.test.ts')], 2, 'protected_path'],
    ['a lockfile', [edit('package-lock.json')], 2, 'protected_path'],
    ['git metadata', [edit('.git/config')], 2, 'protected_path'],
    ["tsc's output", [edit('dist/routes/users.js')], 2, 'compiled_output'],
    [
      "a nested package's build",
      [edit('packages/api/build/server.js'), edit('packages/api/src/server.ts')],
      4,
      'compiled_output',
    ],
    [
      'a file naming a source map',
      [{ path: 'lib/server.js', before: 'a();\n//# sourceMappingURL=server.js.map\n', after: 'b();\n' }],
      2,
      'compiled_output',
    ],
    ['six files', [1, 2, 3, 4, 5, 6].map((i) => edit(`app/m${i}.py`)), 12, 'too_many_files'],
    ['201 changed lines', [edit('app/x.py')], 201, 'too_many_lines'],
    ['nothing', [], 0, 'empty'],
  ];

  it.each(cases)('rejects %s', (_name, edits, lines, rule) => {
    expect(checkPatchShape(edits, lines, policy)?.rule).toBe(rule);
  });

  it('accepts sources whose names only contain dist or build', () => {
    expect(
      checkPatchShape([edit('src/distance.ts'), edit('src/build-info/version.ts'), edit('app/dist.py')], 6, policy),
    ).toBeNull();
  });

  it('rejects a patch that changes only blank lines or trailing whitespace; indentation counts', () => {
    const noop = { path: 'app/x.py', before: 'def f():\n    return 1\n', after: 'def f():  \r\n\n    return 1\n\n' };
    expect(checkPatchShape([noop], 3, policy)).toEqual({
      rule: 'empty',
      message: 'the patch changes nothing but blank lines or trailing whitespace',
    });
    const indent = { path: 'app/x.py', before: 'if a:\n    b()\nc()\n', after: 'if a:\n    b()\n    c()\n' };
    expect(checkPatchShape([indent], 2, policy)).toBeNull();
    expect(checkPatchShape([noop, edit('app/y.py')], 4, policy)).toBeNull();
  });

  it('takes its limits and protected paths from configuration', () => {
    const strict = patchPolicySchema.parse({ maxFiles: 1, maxChangedLines: 3, protectedPaths: ['app/generated/**'] });
    expect(checkPatchShape([edit('app/generated/models.py')], 2, strict)?.rule).toBe('protected_path');
    expect(checkPatchShape([edit('tests/test_x.py')], 2, strict)).toBeNull();
    expect(checkPatchShape([edit('a.py'), edit('b.py')], 2, strict)?.rule).toBe('too_many_files');
  });

  it("rejects the caller's reserved paths with what they are, whatever the user protects", () => {
    const loose = {
      ...patchPolicySchema.parse({ protectedPaths: [] }),
      reserved: [
        { glob: 'smoke-repair.config.json', what: "smoke-repair's own config" },
        { glob: 'artifacts/**', what: 'an artifact' },
      ],
    };
    expect(checkPatchShape([edit('app.py'), edit('smoke-repair.config.json')], 2, loose)).toEqual({
      rule: 'protected_path',
      message: "smoke-repair.config.json is smoke-repair's own config: no patch may change it",
    });
    expect(checkPatchShape([edit('artifacts/smoke.json')], 2, loose)?.rule).toBe('protected_path');
    expect(checkPatchShape([edit('app/smoke-repair.config.json')], 2, loose)).toBeNull();
  });

  it('matches globs the way the defaults need', () => {
    expect(globMatches('**/tests/**', 'a/b/tests/c.py')).toBe(true);
    expect(globMatches('tests/**', 'tests/x.py')).toBe(true);
    expect(globMatches('**/test_*.py', 'test_root.py')).toBe(true);
    expect(globMatches('**/test_*.py', 'app/contest_x.py')).toBe(false);
  });

  it('matches globs as users write them: braces, classes, negation, dotfiles (picomatch)', () => {
    expect(globMatches('**/*.{lock,json}', 'a/b.lock')).toBe(true);
    expect(globMatches('**/*.{lock,json}', 'b.json')).toBe(true);
    expect(globMatches('**/*.{lock,json}', 'a/b.py')).toBe(false);
    expect(globMatches('**/test_[ab].py', 'tests/unit/test_a.py')).toBe(true);
    expect(globMatches('**/test_[ab].py', 'test_b.py')).toBe(true);
    expect(globMatches('**/test_[ab].py', 'test_c.py')).toBe(false);
    // `!src/**`: everything outside src/ is protected, src/ itself is not.
    expect(globMatches('!src/**', 'lib/x.py')).toBe(true);
    expect(globMatches('!src/**', 'src/app/x.py')).toBe(false);
    expect(globMatches('**/.env', 'app/.env')).toBe(true);
    const policy = patchPolicySchema.parse({ protectedPaths: ['**/*.{lock,json}', '**/test_[ab].py', '!src/**'] });
    expect(checkPatchShape([edit('a/b.lock')], 2, policy)).toMatchObject({
      rule: 'protected_path',
      message: 'a/b.lock is protected (**/*.{lock,json})',
    });
    expect(checkPatchShape([edit('src/test_a.py')], 2, policy)).toMatchObject({
      rule: 'protected_path',
      message: 'src/test_a.py is protected (**/test_[ab].py)',
    });
    expect(checkPatchShape([edit('lib/x.py')], 2, policy)).toMatchObject({
      rule: 'protected_path',
      message: 'lib/x.py is protected (!src/**)',
    });
    expect(checkPatchShape([edit('src/app/x.py')], 2, policy)).toBeNull();
    expect(isInsideRoot('a/../../b')).toBe(false);
    expect(isInsideRoot('C:/x')).toBe(false);
  });
});
