import { describe, expect, it } from 'vitest';
import { replaceBlock } from './match-block.js';

const FILE = ['def f(x):', '    if x:', '        return 1', '', '    return 2'];

describe('replaceBlock', () => {
  it('exact first', () => {
    expect(replaceBlock(FILE, ['    return 2'], ['    return 3'])).toEqual({
      ok: true,
      tier: 'exact',
      lines: [...FILE.slice(0, 4), '    return 3'],
    });
  });

  it('whitespace-insensitive, keeping the file’s lines and re-indenting new ones relative to them', () => {
    const result = replaceBlock(FILE, ['if x:', '    return 1'], ['if x:', '    log(x)', '    return 1']);
    expect(result).toEqual({
      ok: true,
      tier: 'whitespace',
      lines: ['def f(x):', '    if x:', '        log(x)', '        return 1', '', '    return 2'],
    });
  });

  it(`a line moved into a new block takes its new depth (not the file’s old line verbatim), in the file’s indent \
unit`, () => {
    const result = replaceBlock(
      ['def g():', '  return 1'],
      ['def g():', '    return 1'],
      ['def g():', '    if True:', '        return 1'],
    );
    expect(result).toMatchObject({ ok: true, lines: ['def g():', '  if True:', '    return 1'] });
  });

  it('a quote re-indented with another unit (2 spaces for 4): new lines scaled to the file’s unit, not shifted', () => {
    const file = ['def f(items):', '    total = 0', '    for i in items:', '        total += i', '    return totl'];
    const result = replaceBlock(
      file,
      ['  for i in items:', '    total += i', '  return totl'],
      ['  for i in items:', '    total += i', '  return total'],
    );
    expect(result).toMatchObject({ ok: true, lines: [...file.slice(0, 4), '    return total'], tier: 'whitespace' });
  });

  it('keeps blank lines the quote dropped', () => {
    expect(
      replaceBlock(FILE, ['        return 1', '    return 2'], ['        return 1', '    return 3']),
    ).toMatchObject({ ok: true, lines: [...FILE.slice(0, 4), '    return 3'] });
  });

  it('ambiguous places are refused with their line numbers', () => {
    expect(replaceBlock(['a', 'b', 'a'], ['a'], ['c'])).toEqual({
      ok: false,
      reason: expect.stringMatching(/occur 2 times \(at lines 1, 3\)/),
    });
  });

  it('removed lines found twice with wrong context are refused', () => {
    expect(replaceBlock(['x = 1', 'y', 'z = 1', 'y'], ['nope', 'y'], ['nope', 'w'])).toEqual({
      ok: false,
      reason: expect.stringMatching(/removed lines occur 2 times/),
    });
  });

  it('an elision needs the same elisions in the replacement', () => {
    expect(replaceBlock(FILE, ['def f(x):', '...', '    return 2'], ['def f(x):', '    return 3'])).toEqual({
      ok: false,
      reason: expect.stringMatching(/1 "\.\.\." elision\(s\) but the replacement has 0/),
    });
  });

  it('a real Python `...` line matches exactly before being read as an elision', () => {
    expect(replaceBlock(['class P:', '    ...'], ['class P:', '    ...'], ['class P:', '    x: int'])).toMatchObject({
      ok: true,
      tier: 'exact',
    });
  });

  it('tab-indented files get tabs for new lines', () => {
    expect(
      replaceBlock(['func f() {', '\treturn 1', '}'], ['    return 1'], ['    x := 1', '    return x']),
    ).toMatchObject({ ok: true, lines: ['func f() {', '\tx := 1', '\treturn x', '}'] });
  });
});
