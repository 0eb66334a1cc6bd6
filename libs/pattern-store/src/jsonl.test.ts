import { describe, expect, it } from 'vitest';
import { PatternStoreImportError } from './errors.js';
import { exportPatternsJsonl, importPatternsJsonl, readEventsJsonl } from './jsonl.js';
import { createMemoryPatternStore } from './memory-store.js';
import { attempt } from './test-support/fixtures.js';

async function text(lines: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const line of lines) out += line;
  return out;
}

describe('JSON Lines export and import', () => {
  it('round-trips a store, idempotently', async () => {
    const source = createMemoryPatternStore();
    const a = await source.recordAttempt(attempt());
    await source.recordOutcome({ attemptId: a.id, outcome: 'fixed' });
    await source.retire(a.patternId, { reason: 'superseded' });
    const jsonl = await text(exportPatternsJsonl(source));
    expect(jsonl.trim().split('\n')).toHaveLength(3);
    const target = createMemoryPatternStore();
    expect(await importPatternsJsonl(target, jsonl)).toEqual({ applied: 3, duplicates: 0 });
    expect(await importPatternsJsonl(target, jsonl)).toEqual({ applied: 0, duplicates: 3 });
    expect(await target.list()).toEqual(await source.list());
  });

  it('rejects a wrong shape with a zod error naming the line, importing nothing', async () => {
    const source = createMemoryPatternStore();
    const a = await source.recordAttempt(attempt());
    const good = JSON.stringify(a);
    const bad = JSON.stringify({ ...a, id: 'other', signature: { hash: 1 } });
    const target = createMemoryPatternStore();
    const error = await importPatternsJsonl(target, `${good}\n\n${bad}\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatternStoreImportError);
    expect((error as PatternStoreImportError).line).toBe(3);
    expect((error as PatternStoreImportError).code).toBe('SMOKE_PATTERN_STORE_INVALID_IMPORT');
    expect((error as Error).message).toMatch(/^line 3: not a pattern event:\n.*signature\.hash/s);
    expect((await target.stats()).attempts).toBe(0);
    await expect(readEventsJsonl('{"v":1,\n')).rejects.toThrow(/line 1: not JSON/);
  });
});

describe('JSON Schemas', () => {
  it('describes list, show, stats and event output', async () => {
    const { patternStoreJsonSchemas } = await import('./json-schema.js');
    const schemas = patternStoreJsonSchemas();
    expect(schemas.list).toMatchObject({ type: 'array', items: { type: 'object' } });
    expect(JSON.stringify(schemas.event)).toContain('"attempt"');
    expect(Object.keys((schemas.stats as { properties: object }).properties)).toContain('byStatus');
  });
});
