/**
 * In-memory fakes of the runner ports for unit tests.
 */
import type { LogFileWriter } from '../logs/server-log.js';
import type {
  Clock,
  ExitInfo,
  HttpProbe,
  HttpReply,
  LaunchOutput,
  LaunchSpec,
  LaunchedProcess,
  PortProbe,
  ProcessGroupControl,
  ProcessLauncher,
} from '../runner/ports.js';

/** A virtual clock: `sleep` advances time instantly (after yielding to pending promises). */
export function fakeClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
  };
}

/** An HTTP probe answering from a script: a function of the URL and call count. */
export function fakeHttp(answer: (url: string, call: number) => HttpReply | Error): HttpProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    get: async (url) => {
      calls.push(url);
      const reply = answer(url, calls.length);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
}

/** A connection-refused error shaped like fetch's. */
export function refused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });
}

/** A port probe with a fixed "free" answer and a scripted "accepts". */
export function fakePorts(free = true, accepts: () => boolean = () => false): PortProbe {
  return { isFree: async () => free, accepts: async () => accepts() };
}

/** A log file kept in memory. */
export function memoryLogFile(path = '/tmp/fake.log'): LogFileWriter & { text: string; closed: number } {
  const file = {
    path,
    text: '',
    closed: 0,
    append(chunk: string) {
      file.text += chunk;
    },
    readAll: () => file.text,
    async close() {
      file.closed += 1;
    },
  };
  return file;
}

/** A fake process: the test drives its output and exit. */
export interface FakeProcess {
  readonly spec: LaunchSpec;
  readonly pid: number;
  readonly output: LaunchOutput;
  exit(info: ExitInfo): void;
}

/** A launcher recording launches; `group` tracks which groups are alive and which signals they got. */
export function fakeProcesses(options: { ignoreTerm?: boolean } = {}): {
  launcher: ProcessLauncher;
  group: ProcessGroupControl;
  launched: FakeProcess[];
  signals: string[];
} {
  const launched: FakeProcess[] = [];
  const signals: string[] = [];
  const alive = new Map<number, (info: ExitInfo) => void>();
  let nextPid = 4_000;
  const launcher: ProcessLauncher = {
    launch(spec, output): LaunchedProcess {
      const pid = nextPid++;
      let resolveExit!: (info: ExitInfo) => void;
      const exit = new Promise<ExitInfo>((resolve) => (resolveExit = resolve));
      const end = (info: ExitInfo) => {
        alive.delete(pid);
        resolveExit(info);
      };
      alive.set(pid, end);
      launched.push({ spec, pid, output, exit: end });
      return { pid, exit, closed: exit.then(() => undefined) };
    },
  };
  const group: ProcessGroupControl = {
    signal(pgid, signal) {
      signals.push(`${signal}:${pgid}`);
      const end = alive.get(pgid);
      if (!end) return;
      if (signal === 'SIGKILL' || !options.ignoreTerm) end({ exitCode: null, signal });
    },
    alive: (pgid) => alive.has(pgid),
  };
  return { launcher, group, launched, signals };
}
