import { openPatternStore, type PatternStore } from '@smoke-repair/pattern-store';
import { join } from 'node:path';
import {
  createCommandStrategy,
  createLlmStrategy,
  findConfinement,
  type CommandStrategyDefaults,
  type CommandStrategyOptions,
} from '@smoke-repair/repair-agent';
import { ConfigError, type AppRunner, type SmokeEvent } from '@smoke-repair/smoke-validator';
import { assertNewBranch } from './adapters/branch-commit.js';
import { boundedRunner } from './adapters/bounded-runner.js';
import { openLoopSite, type LoopSite } from './adapters/sandbox-session.js';
import { remainingMs } from './adapters/run-shell.js';
import { createTrialLanes, lanesUnavailable, lanesWanted } from './adapters/trial-lanes.js';
import { createRealLoopDeps, runnerFor, type ExtraStrategies } from './adapters/real-loop-deps.js';
import { loopSecrets, redactingArtifacts, redactingStore } from './adapters/redaction.js';
import { isLoopError } from './errors.js';
import { assertConfigPaths } from './adapters/check-paths.js';
import { makeVerifyDir, removeVerifyDir } from './adapters/verify-dir.js';
import type { RepairLoopConfig } from './config/loop-config.js';
import { loadRepairLoopConfig } from './adapters/load-loop-config.js';
import type { LoopEvent } from './loop/events.js';
import type { LoopDeps, TrialLanes } from './loop/loop-deps.js';
import type { LoopResult } from './loop/loop-result.js';
import { runLoop } from './loop/run-loop.js';
import { defaultVerifyCommand } from './verify/default-verify.js';
import { recordLoop } from './report/loop-recorder.js';
import { writeLoopReports } from './report/write-loop-reports.js';

/** Options of `runRepairLoop`. */
export interface RunRepairLoopOptions {
  /** Ctrl-C / SIGTERM: the loop stops, the user's tree is left as it was, and the result is still returned. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: LoopEvent) => void;
  /**
   * The events of every smoke the loop runs (plan, each scenario's outcome…): a progress display
   * counts scenarios with them. Many per smoke — one per scenario — unlike `onEvent`.
   */
  readonly onSmokeEvent?: (event: SmokeEvent) => void;
  /** Use this store instead of opening `patterns.store` from the config. */
  readonly store?: PatternStore;
  /** LLM / agent-command strategies, built by the caller. */
  readonly strategies?: ExtraStrategies;
  /** Wraps the real ports and the app runner (timing, tracing); they must keep their behaviour. */
  readonly instrument?: {
    readonly deps?: (deps: LoopDeps) => LoopDeps;
    readonly runner?: (runner: AppRunner) => AppRunner;
  };
}

/**
 * The programmatic API: smoke → repair → verify → learn on the app the config describes.
 *
 * @example
 * const result = await runRepairLoop('apps/shop/smoke-repair.config.json', { onEvent: console.log });
 * if (result.outcome === 'escalated') console.error(result.escalation);
 */
export async function runRepairLoop(
  config: RepairLoopConfig | string,
  options: RunRepairLoopOptions = {},
): Promise<LoopResult> {
  const loaded = typeof config === 'string' ? await loadRepairLoopConfig(config) : config;
  assertConfigPaths(loaded.smoke, options.store ? {} : { store: loaded.patterns.store });
  const branch = loaded.loop.branch;
  if (branch)
    await assertNewBranch(loaded.smoke.app.root, branch).catch((error: Error) =>
      Promise.reject(
        new ConfigError(`loop.branch (--branch): ${error.message}`, loaded.smoke.configPath, { cause: error }),
      ),
    );
  // A relative file store (and a Neo4j store's file fallback) lives beside the config.
  const opened = options.store ?? (await openPatternStore(loaded.patterns.store, { cwd: loaded.smoke.configDir }));
  // Redaction by value at every sink: artifacts, the store, the LLM prompt (and the CLI's stderr).
  const secrets = loopSecrets(loaded);
  const store = redactingStore(opened, secrets);
  const warn = (detail: string) => options.onEvent?.({ type: 'warning', detail });
  await checkAgentConfinement(loaded, warn).catch(async (error: unknown) => {
    if (!options.store) await opened.close();
    throw error;
  });
  // The time budget is enforced here, not by a strategy's goodwill: when it runs out, whatever
  // is in flight (a reset, a build, a start or restart, a smoke, a test command, an agent
  // command, an LLM call) is aborted and the loop rolls back.
  const deadline = Date.now() + loaded.loop.timeBudgetMs;
  const budget = AbortSignal.timeout(loaded.loop.timeBudgetMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  let site: LoopSite;
  try {
    site = await openLoopSite(loaded, { warn, signal, deadline });
  } catch (error) {
    if (!options.store) await opened.close();
    throw error;
  }
  const working = site.config;
  let verifyDir: string | null = null;
  const real = runnerFor(working, secrets);
  const fresh = real ? site.freshStarts(real) : undefined;
  const instrumented = fresh && options.instrument?.runner ? options.instrument.runner(fresh) : fresh;
  const runner = instrumented ? boundedRunner(instrumented, signal, loaded.loop.timeBudgetMs) : undefined;
  try {
    if (loaded.repair.command && !loaded.repair.command.verifyCommand) verifyDir = await makeVerifyDir();
    if (runner) {
      await runner.start().catch((error: unknown) => {
        // The user's own tree does not build: nothing to verify patches against (exit 2, not a crash).
        if (!isLoopError(error, 'SMOKE_LOOP_BUILD_FAILED')) throw error;
        throw new ConfigError(
          `the app does not build before any patch: ${(error as Error).message}`,
          loaded.smoke.configPath,
          { cause: error },
        );
      });
    }
    const realDeps = createRealLoopDeps(working, {
      workspace: site.workspace,
      userRoot: loaded.smoke.app.root,
      secrets,
      store,
      ...(runner ? { runner } : {}),
      extra: {
        // The syntax check of an answer runs the app's own interpreter, like the project index.
        ...(loaded.repair.llm
          ? {
              llm: createLlmStrategy({
                ...(loaded.repair.python ? { python: loaded.repair.python } : {}),
                ...loaded.repair.llm,
                secrets,
              }),
            }
          : {}),
        ...(loaded.repair.command
          ? {
              command: createCommandStrategy(
                commandOptions(loaded, working.smoke.artifactsDir, secrets),
                await verifyDefaults(loaded, verifyDir),
              ),
            }
          : {}),
        ...options.strategies,
      },
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.onSmokeEvent ? { onSmokeEvent: options.onSmokeEvent } : {}),
      signal,
    });
    const lanes = trialLanes(loaded, site, secrets, signal, deadline, warn);
    const withLanes = lanes ? { ...realDeps, lanes } : realDeps;
    const recorded = recordLoop(
      redactingArtifacts(options.instrument?.deps ? options.instrument.deps(withLanes) : withLanes, secrets),
    );
    const deps = recorded.deps;
    const looped = await runLoop(deps, working, signal);
    if (runner) await runner.stop().catch(() => undefined);
    // The one write to the user's tree (or branch): after the app stopped, never mid-run.
    const result = await site.finish(looped, { interrupted: options.signal?.aborted === true, warn });
    await writeLoopReports(deps, loaded, result, recorded.recording).catch((error: Error) =>
      warn(`loop.html was not written: ${error.message}`),
    );
    await deps.writeArtifact('loop.json', `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    if (runner) await runner.stop().catch(() => undefined);
    await site.close();
    if (verifyDir) await removeVerifyDir(verifyDir);
    if (!options.store) await opened.close();
  }
}

/**
 * The lanes `loop.parallelism` asks for, when the app can run in several copies at once; a
 * parallelism set in the config that cannot be had is said once (the default is silent).
 */
function trialLanes(
  loaded: RepairLoopConfig,
  site: LoopSite,
  secrets: readonly string[],
  signal: AbortSignal,
  deadline: number,
  warn: (detail: string) => void,
): TrialLanes | undefined {
  const size = lanesWanted(loaded);
  if (size < 2) return undefined;
  const why = lanesUnavailable(loaded);
  if (why) {
    if (loaded.loop.parallelism !== undefined)
      warn(`loop.parallelism ${size}: candidates are tried one at a time because ${why}`);
    return undefined;
  }
  const bounds = () => ({ timeoutMs: remainingMs(deadline, loaded.loop.timeBudgetMs), signal });
  return createTrialLanes({ config: loaded, workspace: site.workspace, size, secrets, signal, bounds });
}

/**
 * The agent's `$SMOKE_REPAIR_VERIFY_CMD` when the config names none: the smoke of the user's
 * config run against the agent's copy (see `runCauseVerify`), or why there is none.
 */
async function verifyDefaults(loaded: RepairLoopConfig, dir: string | null): Promise<CommandStrategyDefaults> {
  if (!dir) return {};
  const found = await defaultVerifyCommand(loaded.smoke, dir);
  return 'command' in found
    ? { verifyCommand: found.command, verifyReads: found.reads }
    : { noVerifyReason: found.none };
}

/**
 * The loop over ports you provide (tests, embedding in another pipeline): `run()` executes it
 * with the given settings.
 */
export function createRepairLoop(deps: LoopDeps, settings: Pick<RepairLoopConfig, 'loop' | 'patterns'>) {
  return { run: (signal?: AbortSignal) => runLoop(deps, settings, signal) };
}

/**
 * The agent command as configured, handed the `repair.llm` endpoint (unless it names its own)
 * a transcript folder under the artifacts, and the run's secrets to keep out of the transcript.
 */
function commandOptions(
  loaded: RepairLoopConfig,
  artifactsDir: string,
  secrets: readonly string[],
): CommandStrategyOptions {
  const command = loaded.repair.command as CommandStrategyOptions;
  const llm = loaded.repair.llm;
  return {
    ...command,
    ...(command.llm === undefined && llm
      ? { llm: { baseUrl: llm.baseUrl, model: llm.model, apiKeyEnv: llm.apiKeyEnv } }
      : {}),
    transcriptDir: command.transcriptDir ?? join(artifactsDir, 'agent'),
    secrets: [...(command.secrets ?? []), ...secrets],
  };
}

/**
 * Before anything starts: an agent command that would run unconfined (no bubblewrap, or one
 * that fails its self-test) is one warning line, or with `repair.command.confine: "required"` a
 * config error (exit 2).
 */
async function checkAgentConfinement(loaded: RepairLoopConfig, warn: (line: string) => void): Promise<void> {
  const command = loaded.repair.command;
  if (!command || command.confine === 'off' || !loaded.repair.strategies.includes('command')) return;
  const found = await findConfinement(command.network);
  if (found.kind === 'bwrap') return;
  if (command.confine === 'required')
    throw new ConfigError(
      `repair.command.confine is "required" but the agent cannot be confined: ${found.reason}`,
      loaded.smoke.configPath,
    );
  warn(
    `the agent command runs unconfined (it can write outside its scratch copy): ${found.reason}; install ` +
      `bubblewrap, or set repair.command.confine "required" to refuse`,
  );
}
