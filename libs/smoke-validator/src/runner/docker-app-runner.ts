/**
 * The Docker runner's logic, against the `ContainerEngine` port: image, port check, container
 * lifecycle, log following across restarts, readiness, and the same errors as the process runner.
 */
import {
  AppExitedError,
  AppStartTimeoutError,
  ContainerNameTakenError,
  DockerImageMissingError,
  PortBusyError,
  RunnerStateError,
} from '../errors.js';
import type { ServerLog } from '../logs/server-log.js';
import type { AppExit, AppRunner, RunnerState } from './app-runner.js';
import type { ContainerEngine, ContainerLogLine, ContainerSpec, LogFollow } from './container-engine.js';
import { OWNER_LABEL, ownerLabels, ownershipOf, type ContainerOwner, type OwnerAlive } from './container-owner.js';
import { RUNNER_LABEL, type ResolvedDockerOptions } from './docker-options.js';
import { notRunning, probeHealth } from './health.js';
import type { Clock, ExitInfo, HttpProbe, ListenerLookup, PortProbe } from './ports.js';
import { ERROR_TAIL_LINES } from './process-app-runner.js';
import { describeTarget, waitUntilReady } from './readiness.js';

/** Everything the Docker runner talks to. */
export interface DockerRunnerDeps {
  readonly engine: ContainerEngine;
  readonly http: HttpProbe;
  readonly ports: PortProbe;
  readonly clock: Clock;
  readonly listener: ListenerLookup;
  readonly log: ServerLog;
  /** This run, as its containers' owner labels name it (read when a container is created). */
  readonly owner: () => ContainerOwner;
  /** Whether another run (by its owner label) is alive. */
  readonly ownerAlive: OwnerAlive;
}

/** How long to wait for the log stream to deliver a stopped container's last lines. */
const DRAIN_MS = 1_000;

/** Creates a Docker runner from resolved options and its ports. */
export function createDockerAppRunner(options: ResolvedDockerOptions, deps: DockerRunnerDeps): AppRunner {
  const { engine, log, clock } = deps;
  let state: RunnerState = 'stopped';
  let containerId: string | null = null;
  let follow: LogFollow | null = null;
  let imageReady = false;
  // Re-attaching after a restart replays from a whole second; skip lines already recorded.
  let lastNs: bigint | null = null;
  let seenAtLast = new Set<string>();
  const exitListeners = new Set<(exit: AppExit) => void>();

  const onLine = (entry: ContainerLogLine) => {
    const key = `${entry.stream} ${entry.line}`;
    if (lastNs !== null && (entry.timeNs < lastNs || (entry.timeNs === lastNs && seenAtLast.has(key)))) return;
    if (entry.timeNs !== lastNs) seenAtLast = new Set();
    lastNs = entry.timeNs;
    seenAtLast.add(key);
    log.record({ timeMs: Number(entry.timeNs / 1_000_000n), stream: entry.stream, line: entry.line });
  };

  const spec = (): ContainerSpec => ({
    name: options.name,
    image: options.image,
    ...(options.command ? { command: options.command } : {}),
    ...(options.entrypoint ? { entrypoint: options.entrypoint } : {}),
    ...(options.user ? { user: options.user } : {}),
    env: options.env,
    init: options.init,
    workdir: options.mountPath,
    mounts: [{ hostPath: options.appDir, containerPath: options.mountPath, readOnly: options.readOnlyMount }],
    labels: { [RUNNER_LABEL]: 'docker', 'dev.smoke-repair.app-dir': options.appDir, ...ownerLabels(deps.owner()) },
  });

  const ensureImage = async () => {
    if (imageReady) return;
    if (options.build) {
      log.note(`building image ${options.build.tag} from ${options.build.context}`);
      await engine.buildImage(options.build);
    } else if (!(await engine.imageExists(options.image))) {
      throw new DockerImageMissingError(options.image);
    }
    imageReady = true;
  };

  const drainLogs = async () => {
    if (follow) await Promise.race([follow.done, clock.sleep(DRAIN_MS)]);
  };

  const exitedStatus = async (id: string): Promise<ExitInfo | null> => {
    const status = await engine.status(id);
    if (status?.running) return null;
    return { exitCode: status?.exitCode ?? null, signal: null, ...(status?.error ? { error: status.error } : {}) };
  };

  // Removes the container `id`; the runner's current container and log follow are cleared only
  // when they are still that one (a stale stop must not clear a newer run's).
  const removeContainer = async (id: string | null) => {
    if (id === null) return;
    if (containerId === id) {
      follow?.close();
      follow = null;
    }
    await engine.remove(id);
    if (containerId === id) containerId = null;
  };

  const becomeReady = async (id: string) => {
    follow = await engine.followLogs(id, lastNs, onLine);
    const outcome = await waitUntilReady({
      target: options.readiness.target,
      timeoutMs: options.readiness.timeoutMs,
      intervalMs: options.readiness.intervalMs,
      clock,
      http: deps.http,
      ports: deps.ports,
      exited: () => exitedStatus(id),
    });
    if (outcome.kind === 'ready') {
      state = 'running';
      log.note('ready');
      watchForExit(id, follow);
      return;
    }
    if (outcome.kind === 'exited') {
      await drainLogs();
      const { exitCode, error } = outcome.exit;
      log.note(`container exited (code ${exitCode})${error ? `: ${error}` : ''}`);
      throw new AppExitedError(exitCode, null, log.view.tail(ERROR_TAIL_LINES), {
        what: 'the container',
        cause: error ? new Error(error) : undefined,
      });
    }
    log.note(`not ready after ${options.readiness.timeoutMs} ms; stopping`);
    await engine.stop(id, 0);
    await drainLogs();
    throw new AppStartTimeoutError(options.readiness.timeoutMs, outcome.lastProbe, log.view.tail(ERROR_TAIL_LINES), {
      target: describeTarget(options.readiness.target),
    });
  };

  // The log stream ends when the container stops: while running and not stopped by us, a crash.
  const watchForExit = (id: string, watched: LogFollow) => {
    void watched.done.then(async () => {
      if (state !== 'running' || follow !== watched) return;
      const atMs = clock.now();
      const exit = await exitedStatus(id).catch(() => null);
      if (!exit || state !== 'running' || follow !== watched) return;
      const loggedAtMs = clock.now();
      log.note(`container exited (code ${exit.exitCode})${exit.error ? `: ${exit.error}` : ''}`);
      state = 'stopped';
      const death: AppExit = { atMs, loggedAtMs, exitCode: exit.exitCode, signal: null, how: 'container' };
      for (const listener of [...exitListeners]) listener(death);
    });
  };

  // A container with our name: removed only when smoke-repair made it and its run is gone (or
  // is this one); a user's own container, or a live run's, is never touched.
  const removeLeftoverByName = async () => {
    const existing = await engine.findByName(options.name);
    if (!existing) return;
    const ownership = ownershipOf(existing.labels, deps.owner(), deps.ownerAlive);
    if (ownership === 'foreign') throw new ContainerNameTakenError(options.name, null);
    if (ownership === 'live')
      throw new ContainerNameTakenError(options.name, existing.labels[OWNER_LABEL] ?? 'unknown');
    log.note(`removing container ${options.name} left by an earlier run`);
    await engine.remove(existing.id);
  };

  const launch = async () => {
    await engine.ping();
    await ensureImage();
    if (!(await deps.ports.isFree(options.host, options.port))) {
      throw new PortBusyError(options.host, options.port, await deps.listener(options.port).catch(() => null));
    }
    await removeLeftoverByName();
    log.note(
      `starting container ${options.name} from ${options.image} (host network, ${options.appDir} ` +
        `at ${options.mountPath})`,
    );
    const id = await engine.create(spec());
    containerId = id;
    try {
      await engine.start(id);
    } catch (error) {
      // e.g. "executable file not found": the engine refuses to start it at all.
      const reason = error instanceof Error ? error.message : String(error);
      log.note(`container failed to start: ${reason}`);
      throw new AppExitedError(null, null, log.view.tail(ERROR_TAIL_LINES), { what: 'the container', cause: error });
    }
    await becomeReady(id);
  };

  const guarded = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      await removeContainer(containerId).catch(() => undefined);
      state = 'stopped';
      await log.close();
      throw error;
    }
  };

  const start = async () => {
    // A start right after a stop (an abort during the start, then a new run) waits for that stop.
    if (stopping) await stopping;
    if (state !== 'stopped') throw new RunnerStateError(`cannot start: the runner is ${state}`);
    state = 'starting';
    await guarded(launch);
  };

  // A second stop during a stop waits for the first (see the process runner's).
  let stopping: Promise<void> | null = null;
  const stop = async () => {
    if (stopping) return stopping;
    const id = containerId;
    if (id === null) return;
    state = 'stopping';
    stopping = (async () => {
      log.note('stopping container');
      try {
        await engine.stop(id, Math.ceil(options.stopTimeoutMs / 1_000));
        await drainLogs();
        await removeContainer(id);
      } catch (error) {
        // Not stopped: still running unless the container ended on its own.
        if (containerId === id) state = (await exitedStatus(id).catch(() => null)) ? 'stopped' : 'running';
        throw error;
      }
      if (containerId !== null) return;
      log.note('container stopped and removed');
      state = 'stopped';
      await log.close();
    })().finally(() => {
      stopping = null;
    });
    return stopping;
  };

  const restart = async () => {
    const id = containerId;
    if (id === null || state !== 'running') {
      await stop();
      return start();
    }
    state = 'starting';
    log.note('restarting container');
    await guarded(async () => {
      await engine.restart(id, Math.ceil(options.stopTimeoutMs / 1_000));
      await drainLogs();
      follow?.close();
      await becomeReady(id);
    });
  };

  return {
    kind: 'docker',
    baseUrl: options.baseUrl,
    port: options.port,
    state: () => state,
    start,
    stop,
    restart,
    logs: () => log.view,
    health: async () => {
      if (state !== 'running' || containerId === null) return notRunning(state);
      const result = await probeHealth(deps.http, clock, options.health.url, options.health.timeoutMs);
      if (result.ok) return result;
      const exit = await exitedStatus(containerId).catch(() => null);
      return exit ? { ...result, error: `container exited (code ${exit.exitCode})` } : result;
    },
    onExit: (listener) => {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
  };
}
