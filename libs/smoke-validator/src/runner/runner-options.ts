/**
 * Options every runner shares (port, readiness, health, logs, stop timing, loopback policy),
 * and their resolution into absolute URLs.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { strictWithHints } from '../config/strict-keys.js';
import { assertLoopbackHost, assertLoopbackUrl, httpOrigin } from '../net/loopback.js';
import type { ReadinessTarget } from './readiness.js';

/** zod shape of the options shared by the process and Docker runners. */
export const commonRunnerOptionsShape = {
  /** TCP port the app listens on. */
  port: z.number().int().min(1).max(65_535),
  /** Host the app binds to and is probed on. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Extra environment variables. `HOST` and `PORT` are set from host/port unless given here. */
  env: z.record(z.string(), z.string()).default({}),
  // Strict, like every config section: a misspelt `pth` would otherwise turn an HTTP readiness
  // check into a bare TCP accept without a word.
  readiness: strictWithHints({
    /** Absolute URL to poll; or `path` relative to the base URL; neither: wait for a TCP accept. */
    url: z.url().optional(),
    path: z.string().startsWith('/').optional(),
    timeoutMs: z.number().int().positive().default(30_000),
    intervalMs: z.number().int().positive().default(200),
  }).default({ timeoutMs: 30_000, intervalMs: 200 }),
  health: strictWithHints({
    url: z.url().optional(),
    path: z.string().startsWith('/').optional(),
    timeoutMs: z.number().int().positive().default(2_000),
  }).default({ timeoutMs: 2_000 }),
  /** Log file path; default: a fresh file under the OS temp directory. */
  logFile: z.string().min(1).optional(),
  /** Lines kept in memory; older lines are still read back from the log file. */
  logRingSize: z.number().int().positive().default(10_000),
  /** Grace period between SIGTERM and SIGKILL on stop. */
  stopTimeoutMs: z.number().int().nonnegative().default(5_000),
  /** Permit non-loopback hosts and URLs (off by default, DESIGN §5). */
  allowNonLoopback: z.boolean().default(false),
};

type CommonParsed = z.output<z.ZodObject<typeof commonRunnerOptionsShape>>;

/** Common options after resolution: absolute URLs, the readiness target, the log path. */
export interface ResolvedRunnerOptions {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly env: Readonly<Record<string, string>>;
  readonly readiness: { readonly target: ReadinessTarget; readonly timeoutMs: number; readonly intervalMs: number };
  readonly health: { readonly url: string; readonly timeoutMs: number };
  readonly logFile: string;
  readonly logRingSize: number;
  readonly stopTimeoutMs: number;
}

/** Resolves the common options; throws `NonLoopbackTargetError` for a forbidden host or URL. */
export function resolveRunnerOptions(parsed: CommonParsed, label: string): ResolvedRunnerOptions {
  assertLoopbackHost(parsed.host, parsed.allowNonLoopback);
  const baseUrl = httpOrigin(parsed.host, parsed.port);
  const readinessUrl = parsed.readiness.url ?? (parsed.readiness.path ? baseUrl + parsed.readiness.path : undefined);
  const healthUrl =
    parsed.health.url ?? (parsed.health.path ? baseUrl + parsed.health.path : (readinessUrl ?? `${baseUrl}/`));
  for (const url of [readinessUrl, healthUrl]) if (url) assertLoopbackUrl(url, parsed.allowNonLoopback);
  return {
    port: parsed.port,
    host: parsed.host,
    baseUrl,
    env: { HOST: parsed.host, PORT: String(parsed.port), ...parsed.env },
    readiness: {
      target: readinessUrl ? { url: readinessUrl } : { host: parsed.host, port: parsed.port },
      timeoutMs: parsed.readiness.timeoutMs,
      intervalMs: parsed.readiness.intervalMs,
    },
    health: { url: healthUrl, timeoutMs: parsed.health.timeoutMs },
    logFile:
      parsed.logFile ?? join(tmpdir(), `smoke-repair-${label}-${parsed.port}-${randomBytes(4).toString('hex')}.log`),
    logRingSize: parsed.logRingSize,
    stopTimeoutMs: parsed.stopTimeoutMs,
  };
}
