/**
 * Error classes of smoke-validator. Every class carries a stable `code` (part of the public API:
 * callers and the CLI map codes to exit codes and messages) and, where one exists, a `cause`.
 * Expected outcomes such as an unhealthy app are values (see `HealthResult`), not these errors.
 */
import { SmokeRepairError } from '@smoke-repair/log-parser';

/** The base of every smoke-repair error (re-exported here: smoke-validator's classes are its oldest users). */
export { SmokeRepairError };

/** The codes of the errors smoke-validator throws (a closed union: a new error adds its code here). */
export type SmokeValidatorErrorCode =
  | 'SMOKE_APP_EXITED'
  | 'SMOKE_APP_START_TIMEOUT'
  | 'SMOKE_BASE_URL_UNREACHABLE'
  | 'SMOKE_CONFIG_INVALID'
  | 'SMOKE_CONTAINER_NAME_TAKEN'
  | 'SMOKE_DOCKER_BUILD_FAILED'
  | 'SMOKE_DOCKER_CLIENT_MISSING'
  | 'SMOKE_DOCKER_IMAGE_MISSING'
  | 'SMOKE_DOCKER_UNAVAILABLE'
  | 'SMOKE_INTERRUPTED'
  | 'SMOKE_INVALID_OPTIONS'
  | 'SMOKE_NON_LOOPBACK_TARGET'
  | 'SMOKE_OPENAPI_INVALID'
  | 'SMOKE_PORT_BUSY'
  | 'SMOKE_PORT_FOREIGN_LISTENER'
  | 'SMOKE_RUNNER_STATE'
  | 'SMOKE_SCENARIOS_INVALID'
  | 'SMOKE_STALE_SERVICE'
  | 'SMOKE_JUNIT_PARSE'
  | 'SMOKE_TEST_COMMAND_FAILED'
  | 'SMOKE_KEYWORD_EXPRESSION';

/** The base of smoke-validator's errors: a `SmokeRepairError` whose code is one of `SmokeValidatorErrorCode`. */
export abstract class SmokeValidatorError extends SmokeRepairError<SmokeValidatorErrorCode> {}

/** Options given to a factory failed validation (the message is zod's prettified report). */
export class InvalidOptionsError extends SmokeValidatorError {
  readonly code = 'SMOKE_INVALID_OPTIONS';
}

/** A host or URL is not loopback and `allowNonLoopback` was not set. */
export class NonLoopbackTargetError extends SmokeValidatorError {
  readonly code = 'SMOKE_NON_LOOPBACK_TARGET';
  constructor(readonly target: string) {
    super(
      `refusing non-loopback target ${target}: only 127.0.0.1, localhost and ::1 are allowed unless ` +
        `allowNonLoopback is true`,
    );
  }
}

/** The app's port is already taken by another listener before the app starts. */
export class PortBusyError extends SmokeValidatorError {
  readonly code = 'SMOKE_PORT_BUSY';
  constructor(
    readonly host: string,
    readonly port: number,
    /** What listens there (an `ss -lntp` line), or null when unknown. */
    readonly listener: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${host}:${port} is already in use${listener ? ` by: ${listener}` : ''}; stop that process or pick ` +
        `another port`,
      options,
    );
  }
}

/**
 * Readiness was answered by a process that is not the app's: another process took the port
 * while the app was starting (the app's own listener would have been refused the port).
 */
export class ForeignListenerError extends SmokeValidatorError {
  readonly code = 'SMOKE_PORT_FOREIGN_LISTENER';
  constructor(
    readonly host: string,
    readonly port: number,
    /** The foreign listener's pid (null: another user's process, not shown to us). */
    readonly pid: number | null,
    /** Its command line, when known. */
    readonly command: string | null,
    /** The `ss -lntp` line. */
    readonly listener: string,
  ) {
    const who =
      pid === null ? `a process of another user (${listener.trim()})` : `pid ${pid}${command ? ` (${command})` : ''}`;
    super(
      `port ${host}:${port} answered, but not from the app: it is held by ${who}, which is not in the app's process ` +
        `tree; stop that process or pick another port`,
    );
  }
}

/** The app exited (or its container stopped) before it became ready. */
export class AppExitedError extends SmokeValidatorError {
  readonly code = 'SMOKE_APP_EXITED';
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    /** The last lines the app logged, oldest first. */
    readonly lastLines: readonly string[],
    options?: { cause?: unknown; what?: string },
  ) {
    const how = signal
      ? `was killed by ${signal}`
      : exitCode === null
        ? 'could not be started'
        : `exited with code ${exitCode}`;
    super(`${options?.what ?? 'the app'} ${how} before it became ready${formatLastLines(lastLines)}`, options);
  }
}

/** The app kept running but never passed its readiness check within the timeout. */
export class AppStartTimeoutError extends SmokeValidatorError {
  readonly code = 'SMOKE_APP_START_TIMEOUT';
  constructor(
    readonly timeoutMs: number,
    /** What the last readiness probe saw, e.g. `ECONNREFUSED` or `HTTP 502`. */
    readonly lastProbe: string | null,
    readonly lastLines: readonly string[],
    options?: { cause?: unknown; target?: string },
  ) {
    super(
      `the app did not become ready within ${timeoutMs} ` +
        `ms${options?.target ? ` (waiting for ${options.target})` : ''}` +
        `${lastProbe ? `; last probe: ${lastProbe}` : ''}${formatLastLines(lastLines)}`,
      options,
    );
  }
}

/** A runner method was called in a state where it cannot work (e.g. start while starting). */
export class RunnerStateError extends SmokeValidatorError {
  readonly code = 'SMOKE_RUNNER_STATE';
}

/** The service stayed stale (missing or outdated freshness fields) after one restart. */
export class StaleServiceError extends SmokeValidatorError {
  readonly code = 'SMOKE_STALE_SERVICE';
  constructor(
    message: string,
    /** The full freshness report (probes, raw meta output, port listener) for the escalation bundle. */
    readonly report: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The Docker engine cannot be reached. */
export class DockerUnavailableError extends SmokeValidatorError {
  readonly code = 'SMOKE_DOCKER_UNAVAILABLE';
  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `cannot reach the Docker engine at ${endpoint}${reason}; is dockerd running? (provision it with ` +
        `tools/provision/docker.sh)`,
      options,
    );
  }
}

/** The Docker runner is configured but the optional peer dependency `dockerode` is not installed. */
export class DockerClientMissingError extends SmokeValidatorError {
  readonly code = 'SMOKE_DOCKER_CLIENT_MISSING';
  constructor(options?: { cause?: unknown }) {
    super(
      'the Docker runner needs the dockerode package, an optional peer dependency installed only by those ' +
        'who use Docker: npm i -D dockerode',
      options,
    );
  }
}

/** Building the app's Docker image failed; the message carries the build's last output lines. */
export class DockerBuildError extends SmokeValidatorError {
  readonly code = 'SMOKE_DOCKER_BUILD_FAILED';
}

/** A Docker image named by the options does not exist locally (no registry is consulted). */
export class DockerImageMissingError extends SmokeValidatorError {
  readonly code = 'SMOKE_DOCKER_IMAGE_MISSING';
  constructor(
    readonly image: string,
    options?: { cause?: unknown },
  ) {
    super(`Docker image ${image} does not exist locally; build it first (no registry is consulted)`, options);
  }
}

/**
 * The runner's container name is taken by a container smoke-repair did not create, or by one
 * whose owning run is alive (another host's, or another live run's): it is never removed.
 */
export class ContainerNameTakenError extends SmokeValidatorError {
  readonly code = 'SMOKE_CONTAINER_NAME_TAKEN';
  constructor(
    readonly containerName: string,
    /** The owning run's label (`<pid>:<start ticks>`), or null for a container not created by smoke-repair. */
    readonly owner: string | null,
  ) {
    super(
      owner === null
        ? `a container named ${containerName} exists and was not created by smoke-repair; it is left alone: remove ` +
            `it or set app.runner.name to another name`
        : `a container named ${containerName} belongs to a smoke-repair run that is still alive (owner ${owner}); ` +
            `wait for it to end or set app.runner.name to another name`,
    );
  }
}

function formatLastLines(lines: readonly string[]): string {
  return lines.length === 0 ? '; it logged nothing' : `; last log lines:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** The OpenAPI document is unreadable, not OpenAPI 3.x, or structurally invalid (the message names the JSON path). */
export class OpenApiInvalidError extends SmokeValidatorError {
  readonly code = 'SMOKE_OPENAPI_INVALID';
  constructor(
    message: string,
    /** Where the document came from (a path or URL). */
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid OpenAPI document ${source}: ${message}`, options);
  }
}

/** A scenario file is unreadable or does not match the scenario-file schema. */
export class ScenarioFileError extends SmokeValidatorError {
  readonly code = 'SMOKE_SCENARIOS_INVALID';
  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid scenario file ${source}: ${message}`, options);
  }
}

/** The smoke configuration file is missing, unreadable or invalid (the message names the field). */
export class ConfigError extends SmokeValidatorError {
  readonly code = 'SMOKE_CONFIG_INVALID';
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid config ${path}: ${message}`, options);
  }
}

/** The smoke target does not answer at all (connection refused, DNS, TLS) before any scenario ran. */
export class BaseUrlUnreachableError extends SmokeValidatorError {
  readonly code = 'SMOKE_BASE_URL_UNREACHABLE';
  constructor(
    readonly baseUrl: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach ${baseUrl}: ${reason}; is the app running? (or configure app.runner to start it)`, options);
  }
}

/**
 * The smoke was interrupted (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT: the abort signal) while it started the app; the app was
 * stopped.
 */
export class SmokeInterruptedError extends SmokeValidatorError {
  readonly code = 'SMOKE_INTERRUPTED';
  constructor(
    /** The abort reason as given (the signal's name for the CLI). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`interrupted (${reason}) while the app was starting; it was stopped`, options);
  }
}
