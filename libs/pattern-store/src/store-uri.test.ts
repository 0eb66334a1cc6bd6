import { describe, expect, it } from 'vitest';
import { PatternStoreUriError } from './errors.js';
import { defaultStoreUri, parseStoreUri } from './store-uri.js';

describe('parseStoreUri', () => {
  it('parses the three kinds', () => {
    expect(parseStoreUri('memory:')).toEqual({ kind: 'memory' });
    expect(parseStoreUri('file:data/p.jsonl', '/srv')).toEqual({ kind: 'file', path: '/srv/data/p.jsonl' });
    expect(parseStoreUri('file:///tmp/p.jsonl')).toEqual({ kind: 'file', path: '/tmp/p.jsonl' });
    expect(parseStoreUri('neo4j://127.0.0.1:7687')).toEqual({
      kind: 'neo4j',
      url: 'neo4j://127.0.0.1:7687',
      database: undefined,
    });
    expect(parseStoreUri('bolt://localhost:7687?database=team')).toEqual({
      kind: 'neo4j',
      url: 'bolt://localhost:7687',
      database: 'team',
    });
    expect(defaultStoreUri('/p')).toBe('file:/p/.smoke-repair/patterns.jsonl');
  });

  it('rejects unknown schemes, empty paths and credentials in the URI', () => {
    expect(() => parseStoreUri('redis://x')).toThrow(PatternStoreUriError);
    expect(() => parseStoreUri('file:')).toThrow(/needs a path/);
    expect(() => parseStoreUri('neo4j://neo4j:secret@127.0.0.1:7687')).toThrow(/credentials do not belong/);
    try {
      parseStoreUri('nope');
    } catch (error) {
      expect((error as PatternStoreUriError).code).toBe('SMOKE_PATTERN_STORE_INVALID_URI');
    }
  });
});
