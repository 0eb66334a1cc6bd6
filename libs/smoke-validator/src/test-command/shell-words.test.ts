import { describe, expect, it } from 'vitest';
import { joinShellWords, splitShellWords } from './shell-words.js';

describe('shell words', () => {
  it('splits like sh and quotes back to the same words', () => {
    const words = splitShellWords(`pytest -m "not slow" -k 'a or b' tests/x\\ y.py ''`);
    expect(words).toEqual(['pytest', '-m', 'not slow', '-k', 'a or b', 'tests/x y.py', '']);
    expect(splitShellWords(joinShellWords(words))).toEqual(words);
    expect(joinShellWords(["it's", 'plain'])).toBe(`'it'\\''s' plain`);
  });
});
