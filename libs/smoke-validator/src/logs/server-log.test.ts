import { describe, expect, it } from 'vitest';
import { memoryLogFile } from '../test-support/fakes.js';
import { formatLogLine, parseLogLine } from './log-format.js';
import { createLogRing } from './log-ring.js';
import { createServerLog } from './server-log.js';

describe('log format', () => {
  it('round-trips an entry through the on-disk line', () => {
    const entry = {
      timeMs: 1_700_000_000_123,
      stream: 'stderr' as const,
      line: 'Traceback (most recent call last): x y',
    };
    expect(formatLogLine(entry)).toBe('2023-11-14T22:13:20.123Z stderr Traceback (most recent call last): x y');
    expect(parseLogLine(formatLogLine(entry))).toEqual(entry);
  });

  it('rejects lines not in the format', () => {
    expect(parseLogLine('garbage')).toBeNull();
    expect(parseLogLine('2023-11-14T22:13:20.123Z bogus line')).toBeNull();
  });
});

describe('createLogRing', () => {
  it('keeps the last entries in order and counts evictions', () => {
    const ring = createLogRing(3);
    for (let i = 0; i < 5; i += 1) ring.push({ timeMs: i, stream: 'stdout', line: `l${i}` });
    expect(ring.toArray().map((e) => e.line)).toEqual(['l2', 'l3', 'l4']);
    expect(ring.evicted).toBe(2);
    expect(ring.total).toBe(5);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => createLogRing(0)).toThrow(RangeError);
  });
});

describe('createServerLog', () => {
  it('timestamps lines from stream splitters and writes them to the file', () => {
    let now = 1_000;
    const file = memoryLogFile();
    const log = createServerLog({ file, ringSize: 10, now: () => now });
    const out = log.splitter('stdout');
    out.push('first\nsec');
    now = 2_000;
    out.push('ond\n');
    log.note('ready');
    expect(log.view.entries()).toEqual([
      { timeMs: 1_000, stream: 'stdout', line: 'first' },
      { timeMs: 2_000, stream: 'stdout', line: 'second' },
      { timeMs: 2_000, stream: 'runner', line: 'ready' },
    ]);
    expect(file.text.split('\n')[1]).toBe('1970-01-01T00:00:02.000Z stdout second');
    expect(log.view.path).toBe('/tmp/fake.log');
  });

  it('drops colour codes, so a coloured trace keeps plain file paths', () => {
    const log = createServerLog({ file: memoryLogFile(), ringSize: 10 });
    log.splitter('stderr').push('    at \u001b[90m/srv/app/\u001b[39msrc/notes.js:29:37\n');
    expect(log.view.entries().map((e) => e.line)).toEqual(['    at /srv/app/src/notes.js:29:37']);
  });

  it('slices by time window and tails', () => {
    const log = createServerLog({ file: memoryLogFile(), ringSize: 10 });
    for (let t = 1; t <= 5; t += 1) log.record({ timeMs: t * 100, stream: 'stderr', line: `line ${t}` });
    expect(log.view.text(200, 400)).toBe('line 2\nline 3\nline 4');
    expect(log.view.text(450)).toBe('line 5');
    expect(log.view.tail(2)).toEqual(['line 4', 'line 5']);
    expect(log.view.tail(0)).toEqual([]);
  });

  it('reads a window older than the ring back from the file', () => {
    const log = createServerLog({ file: memoryLogFile(), ringSize: 2 });
    for (let t = 1; t <= 5; t += 1) log.record({ timeMs: t * 100, stream: 'stdout', line: `line ${t}` });
    expect(log.view.text(100, 300)).toBe('line 1\nline 2\nline 3');
    expect(log.view.text()).toBe('line 1\nline 2\nline 3\nline 4\nline 5');
    // A window the ring fully covers does not need the file.
    expect(log.view.text(450)).toBe('line 5');
  });
});
