import { describe, expect, it } from 'vitest';
import { classifyListeners, type ProcessInfo } from './listener-owner.js';

// The app: runner child 100 (its own group), a reloader child 101 whose worker 102 listens.
const table: Record<number, ProcessInfo> = {
  100: { ppid: 50, pgid: 100, command: 'uvicorn app:app --reload' },
  101: { ppid: 100, pgid: 100, command: 'python3 -c from multiprocessing…' },
  102: { ppid: 101, pgid: 100, command: 'python3 worker' },
  // Daemonized out of the group, still below the runner's child.
  103: { ppid: 101, pgid: 103, command: 'python3 detached' },
  200: { ppid: 1, pgid: 200, command: 'python3 -m http.server 8000' },
};
const lookup = (pid: number) => table[pid] ?? null;
const line = (address: string, pid?: number) =>
  `LISTEN 0 5 ${address}:8000 0.0.0.0:*${pid ? ` users:(("python3",pid=${pid},fd=3))` : ''}`;

describe('classifyListeners', () => {
  it("the app's own listener, in its group or below its pid", () => {
    expect(classifyListeners(line('127.0.0.1', 102), 100, lookup)).toEqual({ kind: 'own' });
    expect(classifyListeners(line('127.0.0.1', 103), 100, lookup)).toEqual({ kind: 'own' });
    expect(classifyListeners(line('127.0.0.1', 100), 100, lookup)).toEqual({ kind: 'own' });
  });

  it('a foreign listener, named by pid and command line', () => {
    expect(classifyListeners(line('127.0.0.1', 200), 100, lookup)).toEqual({
      kind: 'foreign',
      pid: 200,
      command: 'python3 -m http.server 8000',
      line: line('127.0.0.1', 200),
    });
    expect(
      classifyListeners([line('127.0.0.1', 102), line('[::]', 200)].join('\n'), 100, lookup, '127.0.0.1'),
    ).toMatchObject({ kind: 'foreign', pid: 200 });
  });

  it("a listener without a pid next to ours is another user's: foreign; none with a pid: unknown", () => {
    expect(classifyListeners([line('127.0.0.1', 102), line('0.0.0.0')].join('\n'), 100, lookup)).toMatchObject({
      kind: 'foreign',
      pid: null,
    });
    expect(classifyListeners(line('127.0.0.1'), 100, lookup)).toEqual({ kind: 'unknown' });
    expect(classifyListeners(null, 100, lookup)).toEqual({ kind: 'unknown' });
  });

  it('with a host, only the listeners that would answer it count', () => {
    expect(
      classifyListeners([line('127.0.0.1', 102), line('[::1]', 200)].join('\n'), 100, lookup, '127.0.0.1'),
    ).toEqual({ kind: 'own' });
    expect(
      classifyListeners([line('127.0.0.1', 102), line('*', 200)].join('\n'), 100, lookup, '127.0.0.1'),
    ).toMatchObject({ kind: 'foreign' });
  });
});
