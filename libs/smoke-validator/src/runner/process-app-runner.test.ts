import { describe, expect, it } from 'vitest';
import {
  AppExitedError,
  AppStartTimeoutError,
  ForeignListenerError,
  PortBusyError,
  RunnerStateError,
} from '../errors.js';
import { createServerLog } from '../logs/server-log.js';
import { fakeClock, fakeHttp, fakePorts, fakeProcesses, memoryLogFile, refused } from '../test-support/fakes.js';
import { createProcessAppRunner } from './process-app-runner.js';
import { resolveProcessOptions } from './process-options.js';

function setup(
  opts: {
    free?: boolean;
    ready?: (call: number) => boolean;
    ignoreTerm?: boolean;
    timeoutMs?: number;
    listenerPid?: number | null;
  } = {},
) {
  const clock = fakeClock();
  const procs = fakeProcesses({ ignoreTerm: opts.ignoreTerm ?? false });
  const file = memoryLogFile();
  const options = resolveProcessOptions({
    command: 'python3 app.py',
    cwd: '/srv/app',
    port: 8000,
    readiness: { path: '/health', timeoutMs: opts.timeoutMs ?? 1_000, intervalMs: 100 },
    env: { DEBUG: '1' },
    logFile: '/tmp/fake.log',
  });
  const http = fakeHttp((_url, call) => ((opts.ready ?? (() => true))(call) ? { status: 200, body: 'ok' } : refused()));
  const runner = createProcessAppRunner(options, {
    launcher: procs.launcher,
    group: procs.group,
    http,
    ports: fakePorts(opts.free ?? true),
    clock,
    listener: async (port) =>
      `LISTEN 0 5 127.0.0.1:${port} ` +
      `0.0.0.0:*${opts.listenerPid === null ? '' : ` users:(("nc",pid=${opts.listenerPid ?? 42},fd=3))`}`,
    log: createServerLog({ file, ringSize: 100, now: clock.now }),
    // Processes 42 (nc) and the launched ones (their own groups); only with `listenerPid` set.
    ...(opts.listenerPid !== undefined
      ? {
          processInfo: (pid: number) =>
            pid === 42
              ? { ppid: 1, pgid: 42, command: 'nc -l 8000' }
              : { ppid: 1, pgid: pid, command: 'python3 app.py' },
        }
      : {}),
  });
  return { runner, procs, file, http };
}

describe('process app runner (fakes)', () => {
  it('launches with HOST/PORT in the environment and becomes ready', async () => {
    const { runner, procs } = setup({ ready: (call) => call > 2 });
    await runner.start();
    expect(runner.state()).toBe('running');
    expect(procs.launched[0]?.spec).toEqual({
      command: 'python3 app.py',
      cwd: '/srv/app',
      env: { PYTHONFAULTHANDLER: '1', HOST: '127.0.0.1', PORT: '8000', DEBUG: '1' },
    });
    expect(runner.baseUrl).toBe('http://127.0.0.1:8000');
    await expect(runner.start()).rejects.toBeInstanceOf(RunnerStateError);
  });

  it('captures stdout and stderr lines into the logs', async () => {
    const { runner, procs, file } = setup();
    await runner.start();
    procs.launched[0]?.output.stdout(Buffer.from('hello\n'));
    procs.launched[0]?.output.stderr(Buffer.from('oops\n'));
    expect(
      runner
        .logs()
        .entries()
        .filter((e) => e.stream !== 'runner')
        .map((e) => `${e.stream}:${e.line}`),
    ).toEqual(['stdout:hello', 'stderr:oops']);
    expect(file.text).toContain(' stderr oops\n');
  });

  it('refuses a busy port and names the listener', async () => {
    const { runner, procs } = setup({ free: false });
    const error = (await runner.start().catch((e: unknown) => e)) as PortBusyError;
    expect(error).toBeInstanceOf(PortBusyError);
    expect(error.listener).toContain('"nc",pid=42');
    expect(procs.launched).toHaveLength(0);
    expect(runner.state()).toBe('stopped');
  });

  it('fails the start when readiness was answered by a foreign listener, and stops the app', async () => {
    const { runner, procs } = setup({ listenerPid: 42 });
    const error = (await runner.start().catch((e: unknown) => e)) as ForeignListenerError;
    expect(error).toBeInstanceOf(ForeignListenerError);
    expect(error.code).toBe('SMOKE_PORT_FOREIGN_LISTENER');
    expect(error.message).toBe(
      'port 127.0.0.1:8000 answered, but not from the app: it is held by pid 42 (nc -l 8000), which is not ' +
        "in the app's process tree; stop that process or pick another port",
    );
    expect(runner.state()).toBe('stopped');
    expect(procs.group.alive(procs.launched[0]!.pid)).toBe(false);
  });

  it("accepts the app's own listener; a listener that names no process is trusted with a note", async () => {
    const own = setup({ listenerPid: 4_000 }); // the first launched pid
    await own.runner.start();
    expect(own.runner.state()).toBe('running');
    const unknown = setup({ listenerPid: null });
    await unknown.runner.start();
    expect(unknown.runner.state()).toBe('running');
    expect(
      unknown.runner
        .logs()
        .entries()
        .map((e) => e.line),
    ).toContain(
      'warning: cannot tell which process listens on port 8000 (no ss -lntp, no /proc): readiness trusts any listener',
    );
  });

  it('reports an exit during start with the last log lines', async () => {
    const { runner, procs } = setup({ ready: () => false });
    const starting = runner.start();
    await new Promise((r) => setImmediate(r));
    procs.launched[0]?.output.stderr(Buffer.from('ImportError: no module named fastapi\n'));
    procs.launched[0]?.exit({ exitCode: 1, signal: null });
    const error = (await starting.catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('ImportError: no module named fastapi');
    expect(runner.state()).toBe('stopped');
  });

  it('times out, stops the group, and says what the last probe saw', async () => {
    const { runner, procs } = setup({ ready: () => false, ignoreTerm: true });
    const error = (await runner.start().catch((e: unknown) => e)) as AppStartTimeoutError;
    expect(error).toBeInstanceOf(AppStartTimeoutError);
    expect(error.lastProbe).toContain('ECONNREFUSED');
    expect(error.message).toContain('http://127.0.0.1:8000/health');
    expect(procs.signals).toEqual([`SIGTERM:${procs.launched[0]?.pid}`, `SIGKILL:${procs.launched[0]?.pid}`]);
  });

  it('stops, restarts and reports health as a value', async () => {
    const { runner, procs, file } = setup();
    await runner.start();
    expect(await runner.health()).toMatchObject({ ok: true, status: 200 });
    await runner.restart();
    expect(procs.launched).toHaveLength(2);
    await runner.stop();
    await runner.stop();
    expect(await runner.health()).toMatchObject({ ok: false, error: 'not running (stopped)' });
    expect(file.closed).toBeGreaterThan(0);
  });

  it('makes a stop asked for during a stop wait until the app is stopped and its log closed', async () => {
    const { runner, file } = setup({ ignoreTerm: true });
    await runner.start();
    const first = runner.stop();
    await runner.stop();
    expect(runner.state()).toBe('stopped');
    expect(file.closed).toBeGreaterThan(0);
    await first;
  });

  it('a start asked for during a stop waits for it; that stop leaves the new run alone', async () => {
    let up = false;
    const { runner, procs } = setup({ ready: () => up, timeoutMs: 60_000, ignoreTerm: true });
    const starting = runner.start().catch((e: unknown) => e);
    while (procs.launched.length === 0) await Promise.resolve();
    const stopped = runner.stop();
    expect(await starting).toBeInstanceOf(AppExitedError);
    up = true;
    const again = runner.start();
    await stopped;
    await again;
    expect(runner.state()).toBe('running');
    expect(await runner.health()).toMatchObject({ ok: true });
    // A start asked for while a stop is under way waits for it rather than refusing.
    const stopping = runner.stop();
    const third = runner.start();
    await stopping;
    await third;
    expect(runner.state()).toBe('running');
    expect(procs.signals).toContain(`SIGTERM:${procs.launched[1]?.pid}`);
    await runner.stop();
  });

  it('notices a crash while running', async () => {
    const { runner, procs } = setup();
    await runner.start();
    procs.launched[0]?.exit({ exitCode: 139, signal: null });
    await new Promise((r) => setTimeout(r, 10));
    expect(runner.state()).toBe('stopped');
    expect(runner.logs().text()).toContain('exited (code 139, signal null)');
  });

  it('tells exit listeners about a crash (after its last output), never about a stop', async () => {
    const { runner, procs } = setup();
    const exits: unknown[] = [];
    const off = runner.onExit!((exit) => exits.push(exit));
    await runner.start();
    procs.launched[0]?.output.stderr(Buffer.from('Error: boom\n'));
    procs.launched[0]?.exit({ exitCode: 1, signal: null });
    await new Promise((r) => setTimeout(r, 10));
    expect(exits).toEqual([expect.objectContaining({ exitCode: 1, signal: null, how: 'process' })]);
    const exit = exits[0] as { atMs: number; loggedAtMs: number };
    expect(exit.loggedAtMs).toBeGreaterThanOrEqual(exit.atMs);
    expect(runner.state()).toBe('stopped');
    await runner.start();
    await runner.stop();
    expect(exits).toHaveLength(1);
    off();
    await runner.start();
    procs.launched[2]?.exit({ exitCode: 2, signal: null });
    await new Promise((r) => setTimeout(r, 10));
    expect(exits).toHaveLength(1);
  });
});
