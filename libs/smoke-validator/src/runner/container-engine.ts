/**
 * The port the Docker runner talks to: the few container operations it needs. The dockerode
 * adapter implements it against a real engine; unit tests use an in-memory fake.
 */

/** A host directory mounted into the container. */
interface BindMount {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

/** What to create. Networking is always the host's (NetworkMode `host`), see DESIGN §6. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly mounts: readonly BindMount[];
  readonly labels: Readonly<Record<string, string>>;
  readonly user?: string;
  /** Run docker-init as PID 1 so signals reach the app. */
  readonly init: boolean;
}

/** A container's run state as the engine reports it. */
interface ContainerStatus {
  readonly running: boolean;
  readonly exitCode: number | null;
  /** The engine's error for a container that could not start (e.g. executable not found). */
  readonly error?: string;
}

/** One demultiplexed log line with Docker's own capture timestamp. */
export interface ContainerLogLine {
  /** Nanoseconds since the epoch, as Docker stamped it (dedupes lines across log re-attaches). */
  readonly timeNs: bigint;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** A live log follow; `done` resolves when the engine ends the stream (the container stopped). */
export interface LogFollow {
  readonly done: Promise<void>;
  close(): void;
}

/** Image build request: a context directory and a Dockerfile inside it. */
export interface ImageBuildSpec {
  readonly context: string;
  readonly dockerfile: string;
  readonly tag: string;
}

/** A container as the engine lists it. */
export interface ContainerSummary {
  readonly id: string;
  /** Without Docker's leading slash. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly running: boolean;
}

/** Container operations used by the Docker runner. Methods reject on engine errors. */
export interface ContainerEngine {
  /** Where the engine is (socket path or DOCKER_HOST), for messages. */
  readonly endpoint: string;
  /** Rejects with `DockerUnavailableError` when the engine does not answer. */
  ping(): Promise<void>;
  imageExists(image: string): Promise<boolean>;
  /** Rejects with `DockerBuildError` carrying the build's last output lines. */
  buildImage(spec: ImageBuildSpec): Promise<void>;
  /** The container with this name (running or not), or null. */
  findByName(name: string): Promise<ContainerSummary | null>;
  /** Every container (running or not) that carries the label key `label`. */
  listLabelled(label: string): Promise<ContainerSummary[]>;
  create(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  restart(id: string, timeoutS: number): Promise<void>;
  /** Stops (SIGTERM, SIGKILL after `timeoutS`); a container already stopped is not an error. */
  stop(id: string, timeoutS: number): Promise<void>;
  /** Force-removes; a container already gone is not an error. */
  remove(id: string): Promise<void>;
  /** Null when the container no longer exists. */
  status(id: string): Promise<ContainerStatus | null>;
  /** Follows stdout and stderr from `sinceNs` (inclusive; null = from the beginning). */
  followLogs(id: string, sinceNs: bigint | null, onLine: (line: ContainerLogLine) => void): Promise<LogFollow>;
}

/** Parses Docker's RFC 3339 nanosecond timestamp (`2024-05-01T10:00:00.123456789Z`) to ns since the epoch. */
export function parseDockerTimestamp(text: string): bigint | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return null;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Splits a timestamped Docker log line into its timestamp and text; null when it has none. */
export function splitDockerLogLine(raw: string): { timeNs: bigint; line: string } | null {
  const space = raw.indexOf(' ');
  const timeNs = parseDockerTimestamp(space === -1 ? raw : raw.slice(0, space));
  return timeNs === null ? null : { timeNs, line: space === -1 ? '' : raw.slice(space + 1) };
}
