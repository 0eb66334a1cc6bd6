import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PatternStore } from '@smoke-repair/pattern-store';
import {
  createPatternStrategy,
  createRecipeStrategy,
  repairFromSmokeViolations,
  type RepairStrategy,
} from '@smoke-repair/repair-agent';
import {
  createRunnerFromConfig,
  createTestCommandRunner,
  findPortListener,
  findTestModeContract,
  freshSeed,
  runSmoke,
  writeSmokeReports,
  type ApiModel,
  type AppRunner,
  type SmokeEvent,
  type SmokeResult,
} from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { LoopEvent } from '../loop/events.js';
import type { LoopDeps, SmokeOutcome, SmokeRequest } from '../loop/loop-deps.js';
import type { Workspace } from '../workspace/workspace.js';
import { requirementsSnapshot } from './requirements-snapshot.js';
import { reservedPaths } from './reserved-paths.js';

/** Extra strategies (LLM, agent command) built by the caller, by name. */
export type ExtraStrategies = Partial<Record<'llm' | 'command', RepairStrategy>>;

/**
 * The real ports of the loop: the app runner from the config, HTTP smoke or the test command,
 * the repair agent with the configured strategies, the journaled workspace, the pattern store.
 */
export function createRealLoopDeps(
  config: RepairLoopConfig,
  parts: {
    workspace: Workspace;
    store?: PatternStore;
    runner?: AppRunner;
    extra?: ExtraStrategies;
    onEvent?: (e: LoopEvent) => void;
    /** Every smoke's own events (progress displays). */
    onSmokeEvent?: (e: SmokeEvent) => void;
    signal?: AbortSignal;
    /**
     * The user's app root when `config` is rebased on a sandbox copy of it (its config, artifacts and store stay
     * there).
     */
    userRoot?: string;
    /**
     * The run's secret values (`loopSecrets`): replaced in the test command's logs and reports, which are artifacts.
     */
    secrets?: readonly string[];
  },
): LoopDeps {
  const smokeConfig = {
    ...config.smoke,
    smoke: { ...config.smoke.smoke, concurrency: config.loop.smokeConcurrency },
  } as typeof config.smoke;
  const artifactsDir = smokeConfig.artifactsDir;
  const tests = smokeConfig.smoke.testCommand
    ? createTestCommandRunner(smokeConfig.smoke.testCommand, {
        workDir: join(artifactsDir, 'test-runs'),
        secrets: parts.secrets ?? [],
      })
    : undefined;
  // Promoted patterns where `pattern` stands; patterns below the promotion threshold only after
  // the recipes (a fix seen once does not outrank the built-in ones).
  const patterns = (standing: 'promoted' | 'unpromoted' | 'all') =>
    parts.store
      ? [createPatternStrategy({ store: parts.store, minSuccessRate: config.patterns.minSuccessRate, standing })]
      : [];
  const hasRecipes = config.repair.strategies.includes('recipe');
  const strategies = config.repair.strategies.flatMap((name): RepairStrategy[] => {
    if (name === 'pattern') return patterns(hasRecipes ? 'promoted' : 'all');
    if (name === 'recipe')
      return [createRecipeStrategy(), ...(config.repair.strategies.includes('pattern') ? patterns('unpromoted') : [])];
    return parts.extra?.[name] ? [parts.extra[name]!] : [];
  });
  const runner = parts.runner;
  const port = runner?.port;
  const reserved = reservedPaths(config, parts.userRoot ?? smokeConfig.app.root);

  // Smoke n of the run (0 = the baseline) uses seed `<seed>.<n>`: no smoke re-sends the unique
  // values an earlier one wrote into the app's data, and `smoke --seed` with a result's seed
  // replays that smoke; the baseline's is the run's seed itself.
  const runSeed = smokeConfig.smoke.seed ?? freshSeed();
  let smokes = 0;
  // The contract of the latest smoke: templates read documented statuses and schemas from it.
  let contract: ApiModel | null = null;
  let contractSought = false;
  // Test-command mode without a contract file: the contract is the app's own `app.openapi()`.
  let contractFromCode = false;

  async function smoke(request: SmokeRequest): Promise<SmokeOutcome> {
    // The baseline's reports stay in baseline/; every later smoke writes final/, which ends up
    // holding the accepted state's (writeLoopReports rewrites it from that run at the end).
    const reportDir = join(artifactsDir, smokes === 0 ? 'baseline' : 'final');
    const seed = smokes === 0 ? runSeed : `${runSeed}.${smokes}`;
    smokes += 1;
    if (tests) return testSmoke(request, reportDir);
    const run = await runSmoke(
      { ...smokeConfig, smoke: { ...smokeConfig.smoke, seed } },
      {
        runner: runner ?? null,
        writeReports: false,
        ...(parts.signal ? { signal: parts.signal } : {}),
        ...(parts.onSmokeEvent ? { onEvent: parts.onSmokeEvent } : {}),
      },
    );
    contract = run.api ?? contract;
    const reports = await writeSmokeReports(run.result, reportDir);
    return {
      result: run.result,
      freshness: run.freshness,
      commands: [],
      reports: { html: reports.html, junit: reports.junit },
    };
  }

  // Seed 004: attempt 2 adds short tracebacks; attempt 3 also reruns the first failure focused
  // and verbose, whose richer output replaces that test's violation.
  async function testSmoke(request: SmokeRequest, reportDir: string): Promise<SmokeOutcome> {
    if (!contractSought) {
      // No app is served in this mode, so no document is fetched: find it once, before any patch.
      contractSought = true;
      const found = await findTestModeContract(
        smokeConfig,
        config.repair.python ? { python: config.repair.python } : {},
      );
      contract = found.api;
      contractFromCode = found.api !== null && found.source === 'app.openapi()';
      if (!found.api)
        parts.onEvent?.({
          type: 'warning',
          detail:
            `no contract for the templates (${found.reason}): repairs that follow documented statuses and ` +
            `schemas are off`,
        });
    }
    // The loop's budget and interrupt stop a suite mid-run (its process group), like a smoke.
    const signal = parts.signal ? { signal: parts.signal } : {};
    const full = await tests!.run({ attempt: Math.min(request.attempt, 2), ...signal });
    let result: SmokeResult = full.result;
    const nodeid = request.focus[0];
    if (request.attempt >= 3 && nodeid) {
      const focused = await tests!.run({ attempt: 3, nodeid, ...signal });
      const detailed = focused.result.violations.find((v) => v.nodeid === nodeid);
      if (detailed)
        result = { ...result, violations: result.violations.map((v) => (v.nodeid === nodeid ? detailed : v)) };
    }
    const reports = await writeSmokeReports(result, reportDir);
    return {
      result,
      freshness: null,
      commands: tests!.commands(),
      reports: { html: reports.html, junit: reports.junit },
    };
  }

  return {
    smoke,
    async restart() {
      if (runner) await runner.restart();
    },
    repair: (violations, context) =>
      repairFromSmokeViolations(violations, {
        appRoot: smokeConfig.app.root,
        strategies,
        policy: config.repair.policy,
        reserved,
        attempt: context.attempt,
        previousAttempts: context.previousAttempts,
        ...(context.rejected ? { rejected: context.rejected } : {}),
        contract,
        ...(contractFromCode ? { contractFromCode: true } : {}),
        ...(config.repair.python ? { python: config.repair.python } : {}),
        ...(parts.signal ? { signal: parts.signal } : {}),
      }),
    workspace: parts.workspace,
    ...(parts.store ? { store: parts.store } : {}),
    appName: basename(smokeConfig.app.root),
    requirementsSnapshot: () => requirementsSnapshot(smokeConfig.app.root, config.repair.python),
    portListener: async () => (port ? findPortListener(port) : null),
    serviceSnapshot: () => serviceSnapshot(runner, smokeConfig.freshness?.meta?.url, parts.signal),
    async writeArtifact(name, content) {
      const path = join(artifactsDir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    artifactsDir,
    smokeCommand: `smoke-repair smoke --config ${smokeConfig.configPath}`,
    ...(parts.onEvent ? { onEvent: parts.onEvent } : {}),
  };
}

/** The runner the config describes (undefined for `kind: none`). */
export function runnerFor(config: RepairLoopConfig, secrets: readonly string[] = []): AppRunner | undefined {
  return createRunnerFromConfig(config.smoke, { secrets }) ?? undefined;
}

/** How long the escalation waits for the meta endpoint. */
const META_TIMEOUT_MS = 5_000;

// Taken while the app is up: a smoke that ended on a crash leaves it down, and a dead app has
// neither a listener nor a meta endpoint. `metaUrl`: the configured one (a path is on the base
// URL), else the seed's `/__meta`; its body counts only when the app answers it with a 2xx.
async function serviceSnapshot(
  runner: AppRunner | undefined,
  metaUrl: string | undefined,
  signal?: AbortSignal,
): Promise<{ meta: string | null; ss: string | null }> {
  if (!runner) return { meta: null, ss: null };
  // Not after an interruption (a signal, the time budget): the run is ending, nothing new starts.
  if (runner.state() === 'stopped' && !signal?.aborted) await runner.start().catch(() => undefined);
  const ss = await findPortListener(runner.port).catch(() => null);
  if (runner.state() !== 'running') return { meta: null, ss };
  const url = metaUrl ? (metaUrl.startsWith('/') ? runner.baseUrl + metaUrl : metaUrl) : `${runner.baseUrl}/__meta`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(META_TIMEOUT_MS), redirect: 'manual' });
    const body = await response.text();
    return { meta: response.ok ? body : null, ss };
  } catch {
    return { meta: null, ss };
  }
}
