/**
 * The freshness step before each smoke run: probe; if stale or missing, restart once and probe
 * again; still stale is a `StaleServiceError`. The report keeps the raw probe output and what
 * listens on the service port, which the escalation bundle quotes as `exec_rpc_freshness`.
 */
import { StaleServiceError } from '../errors.js';
import type { Clock, CommandRunner, HttpProbe, ListenerLookup } from '../runner/ports.js';
import { describeError } from '../runner/readiness.js';
import { evaluateProbeOutput, type FreshnessExpectations, type FreshnessProbe } from './evaluate.js';
import type { ResolvedFreshnessOptions } from './freshness-options.js';

/** Everything the freshness check talks to. */
export interface FreshnessDeps {
  readonly http: HttpProbe;
  readonly run: CommandRunner;
  readonly listener: ListenerLookup;
  readonly clock: Clock;
}

/** Per-check inputs: how to restart when no restart command is configured, and expectations. */
export interface FreshnessCheckContext extends FreshnessExpectations {
  /** Used when `commands.restart` is not set; typically `runner.restart`. */
  readonly restart?: () => Promise<void>;
}

/** Outcome of a check that ended fresh (a stale end throws `StaleServiceError` carrying it). */
export interface FreshnessReport {
  readonly fresh: boolean;
  /** Whether a restart was needed. */
  readonly restarted: boolean;
  readonly probes: readonly FreshnessProbe[];
  /** The last probe's raw output (the seed's `curl -s …/__meta`); null when there was none. */
  readonly meta: string | null;
  /** What listens on the service port (the seed's `ss -lntp | grep :PORT`); null when unknown. */
  readonly ss: string | null;
  /** Why the restart failed, when it did. */
  readonly restartError?: string;
}

/** Probes once (meta URL first, then the probe command); never throws. */
export async function probeFreshness(
  options: ResolvedFreshnessOptions,
  deps: FreshnessDeps,
  expectations: FreshnessExpectations = {},
): Promise<FreshnessProbe> {
  const judge = (output: string, fields: readonly string[]) =>
    evaluateProbeOutput(
      output,
      fields,
      { ...expectations, toleranceMs: options.startedAtToleranceMs },
      deps.clock.now(),
    );
  const stale = (output: string | null, reason: string): FreshnessProbe => ({
    fresh: false,
    output,
    missing: [],
    reason,
    atMs: deps.clock.now(),
  });

  if (options.meta) {
    try {
      const reply = await deps.http.get(options.meta.url, options.meta.timeoutMs);
      if (reply.status < 200 || reply.status >= 300)
        return stale(reply.body, `${options.meta.url} answered HTTP ${reply.status}`);
      const verdict = judge(reply.body, options.meta.requiredFields);
      if (!verdict.fresh || !options.commands) return verdict;
    } catch (error) {
      return stale(null, `${options.meta.url}: ${describeError(error)}`);
    }
  }
  const commands = options.commands as NonNullable<ResolvedFreshnessOptions['commands']>;
  const outcome = await deps.run(commands.probe, {
    ...(commands.cwd ? { cwd: commands.cwd } : {}),
    timeoutMs: commands.timeoutMs,
  });
  if (outcome.exitCode !== 0) {
    const why = outcome.timedOut ? 'timed out' : (outcome.error ?? `exited with code ${outcome.exitCode}`);
    return stale(outcome.stdout + outcome.stderr, `probe command \`${commands.probe}\` ${why}`);
  }
  return judge(outcome.stdout, commands.requiredFields);
}

/** Probe, restart once if stale, probe again. Resolves with the report when fresh. */
export async function checkFreshness(
  options: ResolvedFreshnessOptions,
  deps: FreshnessDeps,
  context: FreshnessCheckContext = {},
): Promise<FreshnessReport> {
  const probes: FreshnessProbe[] = [await probeFreshness(options, deps, context)];
  const report = async (restarted: boolean, restartError?: string): Promise<FreshnessReport> => {
    const last = probes[probes.length - 1] as FreshnessProbe;
    const ss = options.port === undefined ? null : await deps.listener(options.port).catch(() => null);
    return { fresh: last.fresh, restarted, probes, meta: last.output, ss, ...(restartError ? { restartError } : {}) };
  };
  if ((probes[0] as FreshnessProbe).fresh) return report(false);

  const restartError = await restartOnce(options, deps, context);
  if (restartError === 'no restart configured') {
    const stale = await report(false, restartError);
    throw new StaleServiceError(`the service is stale (${probes[0]?.reason}) and no restart is configured`, stale);
  }
  probes.push(await probeFreshness(options, deps, context));
  const final = await report(true, restartError);
  if (final.fresh) return final;
  throw new StaleServiceError(
    `the service is still stale after a ` +
      `restart: ${probes[1]?.reason}${restartError ? ` (the restart failed: ${restartError})` : ''}`,
    final,
  );
}

/** Runs the restart command or callback; returns why it failed, or undefined. */
async function restartOnce(
  options: ResolvedFreshnessOptions,
  deps: FreshnessDeps,
  context: FreshnessCheckContext,
): Promise<string | undefined> {
  const command = options.commands?.restart;
  if (command) {
    const cwd = options.commands?.cwd;
    const outcome = await deps.run(command, {
      ...(cwd ? { cwd } : {}),
      timeoutMs: options.commands?.timeoutMs ?? 60_000,
    });
    if (outcome.exitCode === 0) return undefined;
    return (
      `\`${command}\` ${outcome.timedOut ? 'timed out' : `exited with code ${outcome.exitCode}`}:` +
      ` ${(outcome.stderr || outcome.stdout).trim().split('\n').slice(-3).join(' | ')}`
    );
  }
  if (!context.restart) return 'no restart configured';
  try {
    await context.restart();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
