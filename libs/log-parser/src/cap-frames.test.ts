import { describe, expect, it } from 'vitest';
import { capFrames, INNERMOST_FRAMES_KEPT, MAX_FRAMES_PER_TRACE, OUTERMOST_FRAMES_KEPT } from './cap-frames.js';
import { parseLogs } from './parse-logs.js';
import type { StackFrame } from './types.js';

const frame = (line: number, inApp = false): StackFrame => ({
  file: inApp ? '/srv/app/app.py' : '/usr/lib/python3.11/lib.py',
  line,
  inApp,
});
const stack = (length: number, inApp: (i: number) => boolean = () => false): StackFrame[] =>
  Array.from({ length }, (_, i) => frame(i + 1, inApp(i)));

describe('capFrames', () => {
  it('keeps a stack of exactly the cap as it is', () => {
    const frames = stack(MAX_FRAMES_PER_TRACE);
    const capped = capFrames(frames);
    expect(capped.dropped).toBe(0);
    expect(capped.frames).toBe(frames);
  });

  it('drops one frame of a stack one over the cap, and says so', () => {
    const capped = capFrames(stack(MAX_FRAMES_PER_TRACE + 1));
    expect(capped.frames).toHaveLength(MAX_FRAMES_PER_TRACE);
    expect(capped.dropped).toBe(1);
    // No in-app frames: the innermost ones fill the budget, the one dropped is next to the outermost kept.
    expect(capped.frames.map((f) => f.line)).not.toContain(OUTERMOST_FRAMES_KEPT + 1);
  });

  it('keeps the outermost, the innermost and the innermost in-app frames, in order', () => {
    const inAppAt = new Set([5_000, 5_001, 100]);
    const capped = capFrames(
      stack(100_000, (i) => inAppAt.has(i)),
      50,
    );
    expect(capped.dropped).toBe(100_000 - 50);
    const lines = capped.frames.map((f) => f.line);
    expect(lines.slice(0, OUTERMOST_FRAMES_KEPT)).toEqual(
      Array.from({ length: OUTERMOST_FRAMES_KEPT }, (_, i) => i + 1),
    );
    expect(lines.slice(-INNERMOST_FRAMES_KEPT)).toEqual(
      Array.from({ length: INNERMOST_FRAMES_KEPT }, (_, i) => 100_000 - INNERMOST_FRAMES_KEPT + i + 1),
    );
    for (const i of inAppAt) expect(lines).toContain(i + 1);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});

describe('a trace deeper than the cap', () => {
  function recursion(depth: number): string {
    const lines = [
      'Traceback (most recent call last):',
      '  File "/srv/app/main.py", line 3, in handler',
      '    walk(0)',
    ];
    for (let i = 0; i < depth; i++)
      lines.push('  File "/usr/lib/python3.11/json/encoder.py", line 99, in walk', '    walk(n + 1)');
    lines.push('  File "/srv/app/models.py", line 12, in to_dict', '    return self.parent.to_dict()');
    lines.push(
      '  File "/usr/lib/python3.11/copy.py", line 7, in deepcopy',
      '    raise RecursionError("maximum recursion depth exceeded")',
    );
    lines.push('RecursionError: maximum recursion depth exceeded');
    return lines.join('\n');
  }

  it('keeps its culprit and its entry point and counts the frames it left out', () => {
    const [trace] = parseLogs(recursion(5_000), { appRoot: '/srv/app' });
    expect(trace!.frames).toHaveLength(MAX_FRAMES_PER_TRACE);
    expect(trace!.framesDropped).toBe(5_003 - MAX_FRAMES_PER_TRACE);
    expect(trace!.culprit).toMatchObject({ file: '/srv/app/models.py', line: 12 });
    expect(trace!.frames[0]).toMatchObject({ file: '/srv/app/main.py', line: 3 });
    expect(trace!.frames.at(-1)).toMatchObject({ file: '/usr/lib/python3.11/copy.py' });
  });

  it('has no framesDropped when nothing was dropped', () => {
    const [trace] = parseLogs(recursion(MAX_FRAMES_PER_TRACE - 3), { appRoot: '/srv/app' });
    expect(trace!.frames).toHaveLength(MAX_FRAMES_PER_TRACE);
    expect(trace).not.toHaveProperty('framesDropped');
  });
});
