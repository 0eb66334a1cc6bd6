import { describe, expect, it } from 'vitest';
import { evaluateProbeOutput, parseJsonObject, startedAtMs } from './evaluate.js';

describe('probe evaluation', () => {
  it('finds a JSON object in the whole output or its last JSON line', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('curl noise\n{"t_ms": 5}\n')).toEqual({ t_ms: 5 });
    expect(parseJsonObject('[1]')).toBeNull();
    expect(parseJsonObject('{broken')).toBeNull();
  });

  it('reads started_at as ISO, epoch seconds or epoch ms', () => {
    expect(startedAtMs('2024-05-01T10:00:00Z')).toBe(1_714_557_600_000);
    expect(startedAtMs(1_714_557_600)).toBe(1_714_557_600_000);
    expect(startedAtMs('1714557600123')).toBe(1_714_557_600_123);
    expect(startedAtMs('soon')).toBeNull();
    expect(startedAtMs(null)).toBeNull();
  });

  it('counts null and empty fields as missing', () => {
    const verdict = evaluateProbeOutput(
      '{"git_sha":"","started_at":null,"t_ms":0}',
      ['git_sha', 'started_at', 't_ms'],
      { toleranceMs: 0 },
      1,
    );
    expect(verdict).toMatchObject({ fresh: false, missing: ['git_sha', 'started_at'] });
  });

  it('allows the tolerance for whole-second started_at values', () => {
    const verdict = evaluateProbeOutput('{"started_at":100}', [], { notBeforeMs: 100_900, toleranceMs: 1_000 }, 1);
    expect(verdict.fresh).toBe(true);
  });
});
