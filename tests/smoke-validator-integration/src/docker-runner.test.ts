import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AppExitedError,
  AppStartTimeoutError,
  DockerImageMissingError,
  DockerUnavailableError,
  PortBusyError,
  createDockerRunner,
  type AppRunner,
  type DockerRunnerOptions,
} from '@smoke-repair/smoke-validator';
import { BASE_IMAGE, removeImage, removeRunnerContainers, requireDocker, runnerContainers } from './docker.js';
import { eventually, freePort, tempDir } from './support.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const PREFIX = `sv-it-${process.pid}-`;
const BUILT_TAG = `smoke-repair-it/built:${process.pid}`;

const runners: AppRunner[] = [];
const cleanups: (() => void)[] = [];
let counter = 0;

beforeAll(() => requireDocker());
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => {
  removeRunnerContainers(PREFIX);
  removeImage(BUILT_TAG);
});

/** A copy of the fixture app in a temp dir, so tests can write into the mounted directory. */
function appDir(): string {
  const dir = tempDir('docker-app');
  cleanups.push(dir.cleanup);
  cpSync(join(fixtures, 'docker-app'), dir.path, { recursive: true });
  return dir.path;
}

async function runner(overrides: Partial<DockerRunnerOptions> = {}): Promise<AppRunner> {
  const port = overrides.port ?? (await freePort());
  const logs = tempDir('logs');
  cleanups.push(logs.cleanup);
  const created = createDockerRunner({
    image: BASE_IMAGE,
    port,
    name: `${PREFIX}${counter++}`,
    command: ['sh', '/app/serve.sh'],
    readiness: { path: '/index.html', timeoutMs: 15_000 },
    stopTimeoutMs: 2_000,
    logFile: join(logs.path, 'server.log'),
    ...overrides,
    appDir: overrides.appDir ?? appDir(),
  } as DockerRunnerOptions);
  runners.push(created);
  return created;
}

describe('Docker runner against the real engine', () => {
  it(`starts a container with host networking and the app dir mounted; logs are demultiplexed and \
timestamped`, async () => {
    const before = Date.now();
    const app = await runner();
    await app.start();
    expect(app.state()).toBe('running');
    expect(await app.health()).toMatchObject({ ok: true, status: 200 });

    const response = await fetch(`${app.baseUrl}/index.html`);
    expect(await response.text()).toContain('docker app');

    await eventually(() => app.logs().text().includes('url:/index.html'));
    const entries = app.logs().entries();
    const starting = entries.find((e) => e.line.startsWith('app starting on 127.0.0.1:'));
    const warming = entries.find((e) => e.line === 'warming up');
    expect(starting?.stream).toBe('stdout');
    expect(warming?.stream).toBe('stderr');
    for (const entry of [starting, warming]) {
      expect(entry?.timeMs).toBeGreaterThanOrEqual(before - 1_000);
      expect(entry?.timeMs).toBeLessThanOrEqual(Date.now());
    }
    const onDisk = readFileSync(app.logs().path, 'utf8');
    expect(onDisk).toMatch(/^\S+Z stdout app starting on 127\.0\.0\.1:\d+$/m);
    expect(onDisk).toMatch(/^\S+Z stderr warming up$/m);
  });

  it('restarts the container: logs continue without duplicates and the app answers again', async () => {
    const app = await runner();
    await app.start();
    await app.restart();
    expect(app.state()).toBe('running');
    expect((await app.health()).ok).toBe(true);
    const lines = app
      .logs()
      .entries()
      .filter((e) => e.stream !== 'runner')
      .map((e) => e.line);
    expect(lines.filter((l) => l.startsWith('app starting on'))).toHaveLength(2);
    expect(lines.filter((l) => l === 'warming up')).toHaveLength(2);
  });

  it('stop removes the container; nothing is left behind', async () => {
    const app = await runner();
    await app.start();
    expect(runnerContainers(PREFIX)).toHaveLength(1);
    await app.stop();
    expect(app.state()).toBe('stopped');
    expect(runnerContainers(PREFIX)).toHaveLength(0);
    expect((await app.health()).ok).toBe(false);
  });

  it('builds an image from a Dockerfile and runs it', async () => {
    const app = await runner({
      image: undefined,
      build: { context: join(fixtures, 'docker-build'), tag: BUILT_TAG },
      command: undefined,
    });
    await app.start();
    expect(app.logs().text()).toContain('built image starting on 127.0.0.1:');
  });

  it('fails with AppExitedError quoting the last lines when the container exits during start', async () => {
    const app = await runner({
      command: ['sh', '-c', 'echo "loading settings"; echo "fatal: bad settings" >&2; exit 4'],
    });
    const error = (await app.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.exitCode).toBe(4);
    expect(error.lastLines).toEqual(expect.arrayContaining(['loading settings', 'fatal: bad settings']));
    expect(error.message).toContain('the container exited with code 4');
    expect(runnerContainers(PREFIX)).toHaveLength(0);
  });

  it('fails with AppExitedError when the command does not exist (init reports it, exit 127)', async () => {
    const app = await runner({ command: ['/no/such/binary'] });
    const error = (await app.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.exitCode).toBe(127);
    expect(error.message).toMatch(/no such file or directory/i);
    expect(runnerContainers(PREFIX)).toHaveLength(0);
  });

  it('fails with AppExitedError when the engine refuses to start the container (no init)', async () => {
    const app = await runner({ command: ['/no/such/binary'], init: false });
    const error = (await app.start().catch((e: unknown) => e)) as AppExitedError;
    expect(error).toBeInstanceOf(AppExitedError);
    expect(error.message).toMatch(/the container could not be started/);
    expect(error.message).toMatch(/no such file or directory|not found/i);
    expect(runnerContainers(PREFIX)).toHaveLength(0);
  });

  it('fails with AppStartTimeoutError when the container never gets ready, and removes it', async () => {
    const app = await runner({
      command: ['sh', '-c', 'echo idle; exec sleep 300'],
      readiness: { path: '/', timeoutMs: 1_500, intervalMs: 100 },
    });
    const error = (await app.start().catch((e: unknown) => e)) as AppStartTimeoutError;
    expect(error).toBeInstanceOf(AppStartTimeoutError);
    expect(error.lastProbe).toMatch(/ECONNREFUSED/);
    expect(error.lastLines).toContain('idle');
    expect(runnerContainers(PREFIX)).toHaveLength(0);
  });

  it('fails with PortBusyError when the host port is taken', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port }, resolve));
    cleanups.push(() => blocker.close());
    const app = await runner({ port });
    await expect(app.start()).rejects.toBeInstanceOf(PortBusyError);
    expect(runnerContainers(PREFIX)).toHaveLength(0);
  });

  it('fails with DockerImageMissingError for an image that does not exist locally', async () => {
    const app = await runner({ image: 'smoke-repair-it/no-such-image:never' });
    await expect(app.start()).rejects.toBeInstanceOf(DockerImageMissingError);
  });

  it('fails with DockerUnavailableError when the engine cannot be reached', async () => {
    const app = await runner({ socketPath: '/nonexistent/docker.sock' });
    const error = (await app.start().catch((e: unknown) => e)) as DockerUnavailableError;
    expect(error).toBeInstanceOf(DockerUnavailableError);
    expect(error.code).toBe('SMOKE_DOCKER_UNAVAILABLE');
    expect(error.message).toContain('tools/provision/docker.sh');
  });

  it('serves a file written into the mounted app dir after start', async () => {
    const dir = appDir();
    const app = await runner({ appDir: dir });
    await app.start();
    writeFileSync(join(dir, 'www', 'late.txt'), 'written later\n');
    expect(await (await fetch(`${app.baseUrl}/late.txt`)).text()).toBe('written later\n');
  });
});
