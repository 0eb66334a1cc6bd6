/**
 * Options of the Docker runner, validated once by `createDockerRunner`.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { strictWithHints } from '../config/strict-keys.js';
import { deepFreeze, parseOptions } from '../options.js';
import type { ImageBuildSpec } from './container-engine.js';
import { commonRunnerOptionsShape, resolveRunnerOptions, type ResolvedRunnerOptions } from './runner-options.js';

/** zod schema of `DockerRunnerOptions`. */
export const dockerRunnerOptionsSchema = z
  .object({
    ...commonRunnerOptionsShape,
    /** An image that already exists locally (no registry is consulted). */
    image: z.string().min(1).optional(),
    /** Or build one: a context directory, its Dockerfile (relative to it), and a tag. */
    build: strictWithHints({
      context: z.string().min(1),
      dockerfile: z.string().min(1).default('Dockerfile'),
      tag: z.string().min(1).optional(),
    }).optional(),
    /** The app directory on the host, mounted into the container. */
    appDir: z.string().min(1),
    /** Where the app directory appears inside the container; also the working directory. */
    mountPath: z.string().startsWith('/').default('/app'),
    readOnlyMount: z.boolean().default(false),
    /** Container command (argv); default: the image's CMD. */
    command: z.array(z.string()).min(1).optional(),
    entrypoint: z.array(z.string()).optional(),
    user: z.string().min(1).optional(),
    /**
     * Run an init process (docker-init/tini) as PID 1. On by default: PID 1 gets no default
     * signal handlers, so an app without a SIGTERM handler would only ever stop by SIGKILL.
     */
    init: z.boolean().default(true),
    /** Container name; default: derived from the app directory and port. */
    name: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
      .optional(),
    /** Docker's Unix socket; default: `DOCKER_HOST` or /var/run/docker.sock. */
    socketPath: z.string().min(1).optional(),
  })
  .refine((o) => (o.image === undefined) !== (o.build === undefined), {
    message: 'give exactly one of `image` and `build`',
  });

/** Options accepted by `createDockerRunner`. */
export type DockerRunnerOptions = z.input<typeof dockerRunnerOptionsSchema>;

/** Label put on every container the runner creates, so leftovers can be found and removed. */
export const RUNNER_LABEL = 'dev.smoke-repair.runner';

/** Validated, resolved and frozen Docker-runner options. */
export interface ResolvedDockerOptions extends ResolvedRunnerOptions {
  readonly image: string;
  readonly build: ImageBuildSpec | null;
  readonly appDir: string;
  readonly mountPath: string;
  readonly readOnlyMount: boolean;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly user?: string;
  readonly init: boolean;
  readonly name: string;
  readonly socketPath?: string;
}

/** Validates and resolves Docker-runner options (throws `InvalidOptionsError`, `NonLoopbackTargetError`). */
export function resolveDockerOptions(input: unknown): ResolvedDockerOptions {
  const parsed = parseOptions(dockerRunnerOptionsSchema, input, 'Docker runner');
  const appDir = resolve(parsed.appDir);
  const digest = createHash('sha256').update(`${appDir}:${parsed.port}`).digest('hex').slice(0, 10);
  const build = parsed.build
    ? {
        context: resolve(parsed.build.context),
        dockerfile: parsed.build.dockerfile,
        tag: parsed.build.tag ?? `smoke-repair-app:${digest}`,
      }
    : null;
  return deepFreeze({
    ...resolveRunnerOptions(parsed, 'container'),
    image: build ? build.tag : (parsed.image as string),
    build,
    appDir,
    mountPath: parsed.mountPath,
    readOnlyMount: parsed.readOnlyMount,
    init: parsed.init,
    ...(parsed.command ? { command: parsed.command } : {}),
    ...(parsed.entrypoint ? { entrypoint: parsed.entrypoint } : {}),
    ...(parsed.user ? { user: parsed.user } : {}),
    ...(parsed.socketPath ? { socketPath: parsed.socketPath } : {}),
    name: parsed.name ?? `smoke-repair-${digest}`,
  });
}
