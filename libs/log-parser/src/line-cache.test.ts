import { describe, expect, it } from 'vitest';
import { LineCache } from './line-cache.js';

describe('LineCache', () => {
  it('finds lines by content, whatever string instance asks', () => {
    const cache = new LineCache<number>(10);
    const input = 'noise\n  File "/srv/app/a.py", line 3, in f\n';
    cache.set('  File "/srv/app/a.py", line 3, in f', 1);
    expect(cache.get(input.slice(6, -1))).toBe(1);
    expect(cache.get('  File "/srv/app/a.py", line 4, in f')).toBeUndefined();
  });

  it('tells apart lines that differ only where the hash does not look', () => {
    // Same length and same tail: only characters between the sampled ones differ.
    const a = `${'a'.repeat(40)}${'x'.repeat(32)}`;
    const b = `a${'b'.repeat(39)}${'x'.repeat(32)}`;
    const cache = new LineCache<string>(10);
    cache.set(a, 'a');
    cache.set(b, 'b');
    expect([cache.get(a), cache.get(b)]).toEqual(['a', 'b']);
  });

  it('stops caching at its capacity and at a full bucket', () => {
    const cache = new LineCache<number>(3);
    for (let i = 0; i < 5; i++) cache.set(`line ${i}`, i);
    expect(cache.size).toBe(3);
    expect(cache.get('line 4')).toBeUndefined();

    // Lines that differ only at an unsampled position share a bucket; it holds at most 8.
    const colliding = new LineCache<number>(100);
    const line = (i: number) => `x${String.fromCharCode(65 + i)}${'a'.repeat(39)}${'t'.repeat(32)}`;
    for (let i = 0; i < 20; i++) colliding.set(line(i), i);
    expect(colliding.size).toBe(8);
    expect(colliding.get(line(7))).toBe(7);
    expect(colliding.get(line(8))).toBeUndefined();
  });
});
