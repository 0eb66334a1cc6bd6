import { describe, expect, it } from 'vitest';
import { parseDockerTimestamp, splitDockerLogLine } from './container-engine.js';

describe('Docker log timestamps', () => {
  it('parses RFC 3339 nanoseconds, with trimmed trailing zeros', () => {
    expect(parseDockerTimestamp('2024-05-01T10:00:00.123456789Z')).toBe(1_714_557_600_123_456_789n);
    expect(parseDockerTimestamp('2024-05-01T10:00:00.5Z')).toBe(1_714_557_600_500_000_000n);
    expect(parseDockerTimestamp('2024-05-01T10:00:00Z')).toBe(1_714_557_600_000_000_000n);
    expect(parseDockerTimestamp('not a time')).toBeNull();
  });

  it('splits a timestamped line', () => {
    expect(splitDockerLogLine('2024-05-01T10:00:00.1Z GET /items 500')).toEqual({
      timeNs: 1_714_557_600_100_000_000n,
      line: 'GET /items 500',
    });
    expect(splitDockerLogLine('2024-05-01T10:00:00.1Z')).toEqual({ timeNs: 1_714_557_600_100_000_000n, line: '' });
    expect(splitDockerLogLine('no timestamp')).toBeNull();
  });
});
