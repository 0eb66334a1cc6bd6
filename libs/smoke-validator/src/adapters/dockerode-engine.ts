/**
 * `ContainerEngine` on dockerode. Containers use host networking and no TTY, so stdout and
 * stderr arrive multiplexed and are split apart with the modem's demuxer.
 */
import { readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { DockerBuildError, DockerClientMissingError, DockerUnavailableError } from '../errors.js';
import { createLineSplitter } from '../logs/line-splitter.js';
import { splitDockerLogLine, type ContainerEngine, type ContainerLogLine } from '../runner/container-engine.js';

/** Connection options: a Unix socket path; default: `DOCKER_HOST`, else /var/run/docker.sock. */
export interface DockerConnection {
  readonly socketPath?: string;
}

const BUILD_TAIL_LINES = 30;

/** Creates an engine backed by dockerode. Nothing connects (or loads) until the first call. */
export function createDockerodeEngine(connection: DockerConnection = {}): ContainerEngine {
  // Loaded on first use: dockerode costs ~90 ms to import, and most smoke runs never use Docker.
  let loaded: Promise<Docker> | undefined;
  const client = (): Promise<Docker> =>
    (loaded ??= import('dockerode').then(
      ({ default: Dockerode }) =>
        connection.socketPath ? new Dockerode({ socketPath: connection.socketPath }) : new Dockerode(),
      // An optional peer: whoever never uses Docker never installs it (nor ssh2's native parts).
      (error: unknown) => {
        throw (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND'
          ? new DockerClientMissingError({ cause: error })
          : error;
      },
    ));
  const endpoint = connection.socketPath ?? process.env['DOCKER_HOST'] ?? '/var/run/docker.sock';
  const statusCode = (error: unknown) => (error as { statusCode?: number }).statusCode;
  const ignoring =
    (...codes: number[]) =>
    (error: unknown) => {
      if (!codes.includes(statusCode(error) ?? 0)) throw error;
    };

  return {
    endpoint,
    async ping() {
      try {
        await (await client()).ping();
      } catch (error) {
        if (error instanceof DockerClientMissingError) throw error;
        throw new DockerUnavailableError(endpoint, { cause: error });
      }
    },
    async imageExists(image) {
      const docker = await client();
      try {
        await docker.getImage(image).inspect();
        return true;
      } catch (error) {
        if (statusCode(error) === 404) return false;
        throw error;
      }
    },
    async buildImage(spec) {
      const docker = await client();
      const output: string[] = [];
      try {
        const stream = await docker.buildImage(
          { context: spec.context, src: readdirSync(spec.context) },
          { t: spec.tag, dockerfile: spec.dockerfile, rm: true, forcerm: true },
        );
        await new Promise<void>((resolve, reject) => {
          docker.modem.followProgress(
            stream,
            (error: Error | null) => (error ? reject(error) : resolve()),
            (event: { stream?: string; error?: string }) => {
              if (event.stream) output.push(...event.stream.split('\n').filter((l) => l.trim() !== ''));
              if (event.error) reject(new Error(event.error));
            },
          );
        });
      } catch (error) {
        const tail = output.slice(-BUILD_TAIL_LINES).join('\n');
        const reason = error instanceof Error ? error.message : String(error);
        throw new DockerBuildError(
          `building image ${spec.tag} from ${spec.context} failed: ${reason}${tail ? `\n${tail}` : ''}`,
          { cause: error },
        );
      }
    },
    async findByName(name) {
      const docker = await client();
      try {
        const info = await docker.getContainer(name).inspect();
        // The engine also resolves an id prefix: only the exact name counts.
        if (info.Name !== `/${name}`) return null;
        return {
          id: info.Id,
          name: info.Name.replace(/^\//, ''),
          labels: info.Config.Labels ?? {},
          running: info.State.Running,
        };
      } catch (error) {
        if (statusCode(error) === 404) return null;
        throw error;
      }
    },
    async listLabelled(label) {
      const docker = await client();
      const list = await docker.listContainers({ all: true, filters: { label: [label] } });
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        labels: c.Labels ?? {},
        running: c.State === 'running',
      }));
    },
    async create(spec) {
      const docker = await client();
      const container = await docker.createContainer({
        name: spec.name,
        Image: spec.image,
        ...(spec.command ? { Cmd: [...spec.command] } : {}),
        ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
        Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
        WorkingDir: spec.workdir,
        Labels: { ...spec.labels },
        ...(spec.user ? { User: spec.user } : {}),
        Tty: false,
        AttachStdin: false,
        OpenStdin: false,
        HostConfig: {
          NetworkMode: 'host',
          Init: spec.init,
          Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
          AutoRemove: false,
        },
      });
      return container.id;
    },
    async start(id) {
      const docker = await client();
      await docker.getContainer(id).start();
    },
    async restart(id, timeoutS) {
      const docker = await client();
      await docker.getContainer(id).restart({ t: timeoutS });
    },
    async stop(id, timeoutS) {
      const docker = await client();
      // 304: already stopped; 404: already gone.
      await docker.getContainer(id).stop({ t: timeoutS }).catch(ignoring(304, 404));
    },
    async remove(id) {
      const docker = await client();
      await docker.getContainer(id).remove({ force: true, v: true }).catch(ignoring(404, 409));
    },
    async status(id) {
      const docker = await client();
      try {
        const info = await docker.getContainer(id).inspect();
        return {
          running: info.State.Running,
          exitCode: info.State.Running ? null : info.State.ExitCode,
          ...(info.State.Error ? { error: info.State.Error } : {}),
        };
      } catch (error) {
        if (statusCode(error) === 404) return null;
        throw error;
      }
    },
    async followLogs(id, sinceNs, onLine) {
      const docker = await client();
      // `since` has whole-second granularity here; the caller dedupes by exact timestamp.
      const since = sinceNs === null ? 0 : Number(sinceNs / 1_000_000_000n);
      const abort = new AbortController();
      const raw = await docker
        .getContainer(id)
        .logs({ follow: true, stdout: true, stderr: true, timestamps: true, since, abortSignal: abort.signal });
      const sinks = (['stdout', 'stderr'] as const).map((stream) => {
        const splitter = createLineSplitter((text) => {
          const parsed = splitDockerLogLine(text);
          if (parsed) onLine({ ...parsed, stream } satisfies ContainerLogLine);
        });
        const pass = new PassThrough();
        pass.on('data', (chunk: Buffer) => splitter.push(chunk));
        pass.on('end', () => splitter.end());
        return pass;
      });
      const [stdout, stderr] = sinks as [PassThrough, PassThrough];
      docker.modem.demuxStream(raw, stdout, stderr);
      const done = new Promise<void>((resolve) => {
        const finish = () => {
          stdout.end();
          stderr.end();
          resolve();
        };
        raw.once('end', finish);
        raw.once('close', finish);
        raw.once('error', finish);
      });
      return { done, close: () => abort.abort() };
    },
  };
}
