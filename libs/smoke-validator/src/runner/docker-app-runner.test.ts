import { describe, expect, it } from 'vitest';
import {
  AppExitedError,
  ContainerNameTakenError,
  DockerImageMissingError,
  DockerUnavailableError,
  PortBusyError,
} from '../errors.js';
import { createServerLog } from '../logs/server-log.js';
import { fakeClock, fakeHttp, fakePorts, memoryLogFile, refused } from '../test-support/fakes.js';
import type { ContainerEngine, ContainerLogLine, ContainerSpec } from './container-engine.js';
import { createDockerAppRunner } from './docker-app-runner.js';
import { resolveDockerOptions } from './docker-options.js';

/** An engine holding containers in memory; the test decides what they log and when they exit. */
function fakeEngine(
  opts: {
    images?: string[];
    up?: boolean;
    exitOnStart?: number;
    liveFollow?: boolean;
    existing?: { name: string; labels: Record<string, string> };
  } = {},
) {
  const ends = new Map<string, () => void>();
  const calls: string[] = [];
  const containers = new Map<
    string,
    { spec: ContainerSpec; running: boolean; exitCode: number | null; logs: ContainerLogLine[] }
  >();
  let ns = 1_700_000_000_000_000_000n;
  let created = 0;
  const emit = (id: string, stream: 'stdout' | 'stderr', line: string) => {
    ns += 1_000_000n;
    containers.get(id)?.logs.push({ timeNs: ns, stream, line });
  };
  const engine: ContainerEngine = {
    endpoint: '/fake.sock',
    ping: async () => {
      if (opts.up === false) throw new DockerUnavailableError('/fake.sock');
    },
    imageExists: async (image) => (opts.images ?? ['app:1']).includes(image),
    buildImage: async (spec) => void calls.push(`build ${spec.tag}`),
    findByName: async (name) => {
      calls.push(`findByName ${name}`);
      const found = [...containers].find(([, c]) => c.spec.name === name);
      return found ? { id: found[0], name, labels: found[1].spec.labels, running: found[1].running } : null;
    },
    listLabelled: async (label) =>
      [...containers]
        .filter(([, c]) => label in c.spec.labels)
        .map(([id, c]) => ({ id, name: c.spec.name, labels: c.spec.labels, running: c.running })),
    create: async (spec) => {
      const id = `c${++created}`;
      containers.set(id, { spec, running: false, exitCode: null, logs: [] });
      calls.push(`create ${id}`);
      return id;
    },
    start: async (id) => {
      const c = containers.get(id);
      if (!c) throw new Error(`no container ${id}`);
      c.running = opts.exitOnStart === undefined;
      c.exitCode = opts.exitOnStart ?? null;
      emit(id, 'stdout', 'booting');
      emit(id, 'stderr', opts.exitOnStart === undefined ? 'warn: dev mode' : 'fatal: missing env');
      calls.push(`start ${id}`);
    },
    restart: async (id) => {
      emit(id, 'stdout', 'booting');
      calls.push(`restart ${id}`);
    },
    stop: async (id) => {
      const c = containers.get(id);
      if (c) c.running = false;
      calls.push(`stop ${id}`);
    },
    remove: async (id) => {
      containers.delete(id);
      calls.push(`remove ${id}`);
    },
    status: async (id) => {
      const c = containers.get(id);
      return c ? { running: c.running, exitCode: c.exitCode } : null;
    },
    // Replays everything from the whole second, like Docker's `since`, to exercise the dedupe.
    followLogs: async (id, _since, onLine) => {
      for (const line of containers.get(id)?.logs ?? []) onLine(line);
      if (!opts.liveFollow) return { done: Promise.resolve(), close: () => undefined };
      // A live stream: it ends when the container stops (`crash`) or is closed.
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      ends.set(id, end);
      return { done, close: end };
    },
  };
  /** The container dies on its own: last words, exit code, the log stream ends. */
  const crash = (id: string, exitCode: number, lastLine: string) => {
    emit(id, 'stderr', lastLine);
    const c = containers.get(id)!;
    c.running = false;
    c.exitCode = exitCode;
    ends.get(id)?.();
  };
  if (opts.existing) {
    created++;
    containers.set('old', {
      spec: {
        name: opts.existing.name,
        image: 'x',
        env: {},
        workdir: '/',
        mounts: [],
        labels: opts.existing.labels,
        init: true,
      },
      running: true,
      exitCode: null,
      logs: [],
    });
  }
  return { engine, calls, containers, crash };
}

const SELF = { owner: '100:5', host: 'box ns', lock: '/state/locks/app.lock' };
const LIVE_OWNER = '200:7';

function setup(engineOpts: Parameters<typeof fakeEngine>[0] = {}, options: Record<string, unknown> = {}, free = true) {
  const fake = fakeEngine(engineOpts);
  const clock = fakeClock();
  const resolved = resolveDockerOptions({
    image: 'app:1',
    appDir: '/srv/app',
    port: 8000,
    readiness: { timeoutMs: 500, intervalMs: 100 },
    ...options,
  });
  const runner = createDockerAppRunner(resolved, {
    engine: fake.engine,
    http: fakeHttp(() => ({ status: 200, body: '' })),
    ports: fakePorts(free, () => engineOpts.exitOnStart === undefined),
    clock,
    listener: async () => null,
    log: createServerLog({ file: memoryLogFile(), ringSize: 100, now: clock.now }),
    owner: () => SELF,
    ownerAlive: (owner) => owner === SELF.owner || owner === LIVE_OWNER,
  });
  return { runner, ...fake };
}

describe('docker app runner (fake engine)', () => {
  it('creates a host-network container with the app dir mounted and records its logs', async () => {
    const { runner, calls, containers } = setup();
    await runner.start();
    expect(runner.state()).toBe('running');
    expect(calls.slice(0, 3)).toEqual([expect.stringMatching(/^findByName smoke-repair-/), 'create c1', 'start c1']);
    const spec = containers.get('c1')?.spec;
    if (!spec) throw new Error('no container c1');
    expect(spec.mounts).toEqual([{ hostPath: '/srv/app', containerPath: '/app', readOnly: false }]);
    expect(spec.env).toMatchObject({ HOST: '127.0.0.1', PORT: '8000' });
    expect(spec.labels['dev.smoke-repair.runner']).toBe('docker');
    const lines = runner
      .logs()
      .entries()
      .filter((e) => e.stream !== 'runner');
    expect(lines.map((e) => `${e.stream}:${e.line}`)).toEqual(['stdout:booting', 'stderr:warn: dev mode']);
    expect(lines[0]?.timeMs).toBe(1_700_000_000_001);
  });

  it('restarts without duplicating replayed log lines, then stops and removes', async () => {
    const { runner, calls, containers } = setup();
    await runner.start();
    await runner.restart();
    expect(calls).toContain('restart c1');
    expect(
      runner
        .logs()
        .entries()
        .filter((e) => e.line === 'booting'),
    ).toHaveLength(2);
    await runner.stop();
    expect(containers.size).toBe(0);
    expect(runner.state()).toBe('stopped');
    expect((await runner.health()).ok).toBe(false);
  });

  it('makes a stop asked for during a stop wait until the container is removed', async () => {
    const { runner, containers } = setup();
    await runner.start();
    const first = runner.stop();
    await runner.stop();
    expect(containers.size).toBe(0);
    expect(runner.state()).toBe('stopped');
    await first;
  });

  it('a start asked for during a stop waits for it; the stop removes only its own container', async () => {
    const { runner, containers } = setup();
    await runner.start();
    const stopping = runner.stop();
    const again = runner.start();
    await stopping;
    await again;
    expect(runner.state()).toBe('running');
    expect(containers.size).toBe(1);
    await runner.stop();
    expect(containers.size).toBe(0);
  });

  it('builds the image once when given a build context', async () => {
    const { runner, calls } = setup({}, { image: undefined, build: { context: '/srv/app', tag: 'built:1' } });
    await runner.start();
    await runner.stop();
    await runner.start();
    expect(calls.filter((c) => c.startsWith('build'))).toEqual(['build built:1']);
  });

  it('reports a container that exits during start, with its last lines, and removes it', async () => {
    const { runner, containers } = setup({ exitOnStart: 2 });
    const error = (await runner.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.exitCode).toBe(2);
    expect(error.lastLines).toContain('fatal: missing env');
    expect(containers.size).toBe(0);
  });

  it('fails clearly without an engine, an image, or a free port', async () => {
    await expect(setup({ up: false }).runner.start()).rejects.toBeInstanceOf(DockerUnavailableError);
    await expect(setup({ images: [] }).runner.start()).rejects.toBeInstanceOf(DockerImageMissingError);
    await expect(setup({}, {}, false).runner.start()).rejects.toBeInstanceOf(PortBusyError);
  });

  it('health says when the container died', async () => {
    const fake = fakeEngine();
    const clock = fakeClock();
    let healthy = true;
    const runner = createDockerAppRunner(
      resolveDockerOptions({ image: 'app:1', appDir: '/a', port: 1, readiness: { path: '/' } }),
      {
        engine: fake.engine,
        http: fakeHttp(() => (healthy ? { status: 200, body: '' } : refused())),
        ports: fakePorts(),
        clock,
        listener: async () => null,
        log: createServerLog({ file: memoryLogFile(), ringSize: 10, now: clock.now }),
        owner: () => SELF,
        ownerAlive: () => true,
      },
    );
    await runner.start();
    healthy = false;
    Object.assign(fake.containers.get('c1') ?? {}, { running: false, exitCode: 137 });
    expect(await runner.health()).toMatchObject({ ok: false, error: 'container exited (code 137)' });
  });

  it(`reports a container that dies while running to exit listeners (not one it stopped), and restarts \
it`, async () => {
    const { runner, crash } = setup({ liveFollow: true });
    const exits: unknown[] = [];
    runner.onExit!((exit) => exits.push(exit));
    await runner.start();
    crash('c1', 137, 'Killed');
    await new Promise((r) => setTimeout(r, 10));
    expect(exits).toEqual([expect.objectContaining({ exitCode: 137, signal: null, how: 'container' })]);
    expect(runner.state()).toBe('stopped');
    expect(runner.logs().text()).toContain('container exited (code 137)');
    await runner.restart();
    expect(runner.state()).toBe('running');
    await runner.stop();
    await new Promise((r) => setTimeout(r, 10));
    expect(exits).toHaveLength(1);
  });

  it('labels its container with this run, its host and its app lock', async () => {
    const { runner, containers } = setup();
    await runner.start();
    expect(containers.get('c1')?.spec.labels).toMatchObject({
      'dev.smoke-repair.owner': '100:5',
      'dev.smoke-repair.owner-host': 'box ns',
      'dev.smoke-repair.lock': '/state/locks/app.lock',
    });
    await runner.stop();
  });

  it(`a container with its name: removed when a dead run of smoke-repair left it; never when it is not ours or its run \
is alive`, async () => {
    const name = 'shop';
    const mine = { 'dev.smoke-repair.runner': 'docker', 'dev.smoke-repair.owner-host': 'box ns' };
    const cases: { labels: Record<string, string>; removed?: true; error?: RegExp }[] = [
      { labels: { ...mine, 'dev.smoke-repair.owner': '300:9' }, removed: true },
      { labels: { 'dev.smoke-repair.runner': 'docker' }, removed: true },
      { labels: {}, error: /was not created by smoke-repair; it is left alone/ },
      { labels: { 'com.example': 'user' }, error: /was not created by smoke-repair/ },
      {
        labels: { ...mine, 'dev.smoke-repair.owner': LIVE_OWNER },
        error: /belongs to a smoke-repair run that is still alive \(owner 200:7\)/,
      },
      {
        labels: { ...mine, 'dev.smoke-repair.owner': '300:9', 'dev.smoke-repair.owner-host': 'elsewhere ns' },
        error: /still alive/,
      },
    ];
    for (const { labels, removed, error } of cases) {
      const { runner, containers } = setup({ existing: { name, labels } }, { name });
      if (error) {
        const thrown = (await runner.start().catch((e: unknown) => e)) as ContainerNameTakenError;
        expect(thrown, JSON.stringify(labels)).toBeInstanceOf(ContainerNameTakenError);
        expect(thrown.code).toBe('SMOKE_CONTAINER_NAME_TAKEN');
        expect(thrown.message).toMatch(error);
        expect(containers.get('old')?.running, JSON.stringify(labels)).toBe(true);
      } else {
        expect(removed).toBe(true);
        await runner.start();
        expect(containers.has('old'), JSON.stringify(labels)).toBe(false);
        expect(runner.logs().text()).toContain(`removing container ${name} left by an earlier run`);
        await runner.stop();
      }
    }
  });
});
