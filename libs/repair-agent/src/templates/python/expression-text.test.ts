import { describe, expect, it } from 'vitest';
import { indentUnit } from './expression-text.js';

describe('indentUnit', () => {
  it("reads what a block's first line adds, not a continuation line's alignment", () => {
    const lines = [
      'from app.schemas import (Message, OrganCreate,',
      '                         StopOut)',
      '',
      '',
      'def list_stops(organ_id, db):',
      '  # a comment',
      '  organ = db.get(Organ, organ_id)',
    ];
    expect(indentUnit(lines)).toBe('  ');
    expect(indentUnit(['x = 1', 'class A:', '\tpass'])).toBe('\t');
    expect(indentUnit(['x = (1,', '     2)'])).toBe('    ');
  });
});
