import { describe, expect, it } from 'vitest';
import { normalizeMessage } from './normalize-message.js';

describe('normalizeMessage', () => {
  it.each([
    ["Cart 'c-1234' not found", "Cart 'c-98' not found"],
    ['order 4f1c2a9e-8a0b-4c5d-9e7f-0123456789ab is closed', 'order 00000000-1111-2222-3333-444444444444 is closed'],
    ['index out of range [5] with length 3', 'index out of range [17] with length 2'],
    ['object at 0x7f3a2b1c0d90', 'object at 0x55d2e1'],
    ['timeout after 2026-11-20T22:01:02.123Z', 'timeout after 2025-01-01T00:00:00Z'],
    ['cannot open /tmp/pytest-of-root/pytest-3/x.db', 'cannot open /tmp/tmpa8b7c6/y.db'],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED 10.0.0.7:6543'],
    ['Submarine 4-3q35yz takes at most 6 players', 'Submarine 4-k2m9ab takes at most 6 players'],
    ['slot TEAM_7X2Q9C is taken', 'slot TEAM_A1B2C3 is taken'],
  ])('reads %j and %j the same', (a, b) => {
    expect(normalizeMessage(a)).toBe(normalizeMessage(b));
  });

  it('keeps the words that tell bugs apart', () => {
    expect(normalizeMessage("'Product' object has no attribute 'nme'")).toBe('<str> object has no attribute <str>');
    expect(normalizeMessage('division by zero')).not.toBe(normalizeMessage('list index out of range'));
    // words with a number and numbers with a unit are words, not made-up tokens
    expect(normalizeMessage('unknown digest sha256 after 200ms for int32')).toBe(
      'unknown digest sha256 after 200ms for int32',
    );
  });
});
