import { describe, expect, it } from 'vitest';
import { mapLine } from './remap-culprit.js';

describe('mapLine', () => {
  it('follows a line past lines inserted and removed above it', () => {
    expect(mapLine(['a', 'b', 'c'], ['x', 'a', 'b', 'c'], 3)).toBe(4);
    expect(mapLine(['a', 'b', 'c'], ['b', 'c'], 3)).toBe(2);
    expect(mapLine(['a', 'b', 'c'], ['a', 'B', 'c'], 2)).toBe(2);
    expect(mapLine(['a'], ['a'], 5)).toBeNull();
  });
});
