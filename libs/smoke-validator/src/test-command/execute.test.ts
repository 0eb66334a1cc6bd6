import { describe, expect, it } from 'vitest';
import { truncationMarker } from '../output/capped-output.js';
import type { ProcessGroupControl, ProcessLauncher } from '../runner/ports.js';
import { fakeClock } from '../test-support/fakes.js';
import { executeTestCommand, MAX_TAIL_LINE_CHARS } from './execute.js';

// A command that prints `chunks` and exits 1; the log goes to memory.
async function run(chunks: readonly string[], maxLogBytes: number) {
  const launcher: ProcessLauncher = {
    launch: (_spec, output) => {
      for (const chunk of chunks) output.stdout(Buffer.from(chunk, 'utf8'));
      return { pid: undefined, exit: Promise.resolve({ exitCode: 1, signal: null }), closed: Promise.resolve() };
    },
  };
  const control: ProcessGroupControl = { signal: () => undefined, alive: () => false };
  const written: Uint8Array[] = [];
  const execution = await executeTestCommand(
    { command: 'pytest', cwd: '/app', env: {}, timeoutMs: 60_000, logPath: '/logs/run-1.log', maxLogBytes },
    {
      launcher,
      control,
      clock: fakeClock(),
      openLog: () => ({ write: (c) => void written.push(Uint8Array.from(c)), close: async () => undefined }),
    },
  );
  return { execution, log: Buffer.concat(written).toString('utf8') };
}

describe('executeTestCommand output caps', () => {
  it('writes a log of exactly maxLogBytes whole', async () => {
    const { log } = await run(['a'.repeat(50), 'b'.repeat(50)], 100);
    expect(log).toBe('a'.repeat(50) + 'b'.repeat(50));
  });

  it('writes a log one byte over with its head, a marker and its tail', async () => {
    const { log, execution } = await run(['a'.repeat(50), 'X', 'b'.repeat(49), 'END\n'.slice(0, 1)], 100);
    expect(log).toBe(`${'a'.repeat(50)}${truncationMarker(1)}${'b'.repeat(49)}E`);
    expect(execution.exitCode).toBe(1);
  });

  it('keeps the tail lines bounded when the output has no newline at all', async () => {
    const { execution } = await run(
      Array.from({ length: 200 }, () => 'z'.repeat(1_000)),
      1_000,
    );
    expect(execution.lastLines).toHaveLength(1);
    expect(execution.lastLines[0]!.length).toBeLessThanOrEqual(MAX_TAIL_LINE_CHARS + 1);
  });
});

describe('executeTestCommand under a caller signal', () => {
  it(`an abort (the loop's time budget) stops the whole group at once, long before the timeout: aborted, no exit \
code`, async () => {
    let alive = true;
    let exited: (value: { exitCode: number | null; signal: string | null }) => void = () => undefined;
    const launcher: ProcessLauncher = {
      launch: () => ({ pid: 4242, exit: new Promise((resolve) => (exited = resolve)), closed: Promise.resolve() }),
    };
    const signals: string[] = [];
    const control: ProcessGroupControl = {
      signal: (pgid, signal) => {
        signals.push(`${pgid} ${signal}`);
        alive = false;
        exited({ exitCode: null, signal });
      },
      alive: () => alive,
    };
    const controller = new AbortController();
    const running = executeTestCommand(
      {
        command: 'pytest',
        cwd: '/app',
        env: {},
        timeoutMs: 3_600_000,
        logPath: '/logs/run-1.log',
        signal: controller.signal,
      },
      {
        launcher,
        control,
        clock: fakeClock(),
        openLog: () => ({ write: () => undefined, close: async () => undefined }),
      },
    );
    controller.abort(new DOMException('budget', 'TimeoutError'));
    const execution = await running;
    expect(execution).toMatchObject({ aborted: true, timedOut: false, exitCode: null });
    expect(signals).toEqual(['4242 SIGTERM']);
  });
});
