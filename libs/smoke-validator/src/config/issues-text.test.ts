import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configIssuesText } from './issues-text.js';

const schema = z.object({ a: z.object({ b: z.number(), c: z.string() }) });

describe('configIssuesText', () => {
  it('one issue is one line, its path first (prefixed by the section checked on its own)', () => {
    const error = schema.safeParse({ a: { b: 'x', c: 'y' } }).error!;
    expect(configIssuesText(error)).toBe('a.b: Invalid input: expected number, received string');
    expect(configIssuesText(error, 'app.runner')).toBe(
      'app.runner.a.b: Invalid input: expected number, received string',
    );
    expect(configIssuesText(z.number().safeParse('x').error!)).toBe('Invalid input: expected number, received string');
  });

  it('several are listed, one per issue', () => {
    const error = schema.safeParse({ a: { b: 'x', c: 1 } }).error!;
    expect(configIssuesText(error, 'freshness')).toBe(
      '\n✖ Invalid input: expected number, received string\n  → at freshness.a.b\n' +
        '✖ Invalid input: expected string, received number\n  → at freshness.a.c',
    );
  });
});
