import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStreamLogSource } from './stream-log-source.js';

describe('createStreamLogSource', () => {
  it('stamps each complete line with its arrival time; stop takes the partial line and ends the stream', () => {
    const stream = new PassThrough();
    let clock = 1000;
    const logs = createStreamLogSource(stream, '<stdin>', { now: () => clock });
    stream.write('Traceback (most recent call last):\n  File "app/main.py"');
    clock = 2000;
    stream.write(', line 3\nValueError: x\n');
    expect(logs.entries().map((e) => [e.timeMs, e.line])).toEqual([
      [1000, 'Traceback (most recent call last):'],
      [2000, '  File "app/main.py", line 3'],
      [2000, 'ValueError: x'],
    ]);
    expect(logs.entries(1500).map((e) => e.line)).toEqual(['  File "app/main.py", line 3', 'ValueError: x']);
    stream.write('tail without newline');
    logs.stop();
    expect(logs.entries().at(-1)?.line).toBe('tail without newline');
    expect(stream.destroyed).toBe(true);
    expect(logs.path).toBe('<stdin>');
  });
});
