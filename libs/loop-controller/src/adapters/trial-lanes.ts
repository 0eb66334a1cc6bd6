import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppRunner } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { TrialLane, TrialLanes } from '../loop/loop-deps.js';
import { rebaseConfig, withAppTempDir } from '../sandbox/rebase-config.js';
import { withFreshState } from '../sandbox/with-fresh-state.js';
import { freePort, withRunnerPort } from '../verify/free-port.js';
import type { Workspace } from '../workspace/workspace.js';
import { boundedRunner } from './bounded-runner.js';
import { runBuildCommand, type CommandBounds } from './build-command.js';
import { openJournaledWorkspace } from './journaled-workspace.js';
import { createRealLoopDeps, runnerFor } from './real-loop-deps.js';
import { createSandbox } from './sandbox.js';

/** What the lanes are made from. */
export interface TrialLanesOptions {
  /** The config as the user loaded it (paths into the user's tree). */
  readonly config: RepairLoopConfig;
  /** The loop's own workspace: its accepted changes are brought into every new lane. */
  readonly workspace: Workspace;
  readonly size: number;
  readonly secrets: readonly string[];
  /** The loop's time budget and interrupt. */
  readonly signal: AbortSignal;
  /** The time left for a lane's `app.build`. */
  readonly bounds: () => CommandBounds;
}

/** How many lanes `loop.parallelism` asks for (default: the CPU cores). */
export function lanesWanted(config: RepairLoopConfig): number {
  return config.loop.parallelism ?? availableParallelism();
}

/** Why candidates cannot be tried in lanes for this config (null: they can). */
export function lanesUnavailable(config: RepairLoopConfig): string | null {
  const { app, smoke } = config.smoke;
  if (!config.loop.sandbox) return 'loop.sandbox is off (the app runs from your tree)';
  if (app.reset) return 'app.reset is set (the app keeps state outside its files, which copies would share)';
  if (app.runner.kind === 'docker') return 'the Docker runner runs one container per app';
  if (app.runner.kind === 'none' && !smoke.testCommand) return 'the loop does not start the app (runner none)';
  return null;
}

/**
 * Lanes over fresh sandbox copies of the user's tree: each gets the loop's accepted changes (so
 * it stands at the loop's good checkpoint), its own port, artifacts and temp folder, and its own
 * app, started from its own data like the loop's. Closing a lane stops its app and deletes it.
 */
export function createTrialLanes(options: TrialLanesOptions): TrialLanes {
  const { config, size, signal } = options;
  const userRoot = config.smoke.app.root;
  const busy = new Set<number>();
  return {
    size,
    async open(): Promise<TrialLane> {
      let id = 1;
      while (busy.has(id)) id += 1;
      busy.add(id);
      const sandbox = await createSandbox(userRoot, {
        exclude: [config.smoke.artifactsDir, join(config.smoke.configDir, '.smoke-repair')],
      }).catch((error: unknown) => {
        busy.delete(id);
        throw error;
      });
      const dir = dirname(sandbox.root);
      let runner: AppRunner | undefined;
      let workspace: Workspace | undefined;
      const close = async () => {
        await runner?.stop().catch(() => undefined);
        await workspace?.close().catch(() => undefined);
        await sandbox.remove();
        busy.delete(id);
      };
      try {
        const lane = await openJournaledWorkspace(sandbox.root, join(dir, '.journal'));
        workspace = lane;
        const accepted = await options.workspace.acceptedDiff();
        if (accepted)
          await lane.apply({ id: 'accepted', diff: accepted, files: await options.workspace.changedFiles() });
        const laneConfig = await configFor(config, sandbox.root, dir);
        const real = runnerFor(laneConfig, options.secrets);
        const build = config.smoke.app.build;
        const beforeStart = async () => {
          await sandbox.resetData(new Set(await lane.changedFiles()));
          if (build) await runBuildCommand(build, sandbox.root, options.bounds());
        };
        runner = real ? boundedRunner(withFreshState(real, beforeStart), signal, config.loop.timeBudgetMs) : undefined;
        const deps = createRealLoopDeps(laneConfig, {
          workspace: lane,
          userRoot,
          secrets: options.secrets,
          signal,
          ...(runner ? { runner } : {}),
        });
        return { id, workspace: lane, restart: () => deps.restart(), smoke: (request) => deps.smoke(request), close };
      } catch (error) {
        await close();
        throw error;
      }
    },
  };
}

// The user's config moved into the lane: its tree, a free port, its own artifacts, temp folder and app log.
async function configFor(config: RepairLoopConfig, root: string, dir: string): Promise<RepairLoopConfig> {
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const rebased = rebaseConfig(config, config.smoke.app.root, root);
  let smoke = { ...withAppTempDir(rebased.smoke, tmp), artifactsDir: join(dir, 'artifacts') };
  if (smoke.app.runner.kind === 'process') {
    smoke = withRunnerPort(smoke, await freePort(smoke.app.runner.host));
    const moved = smoke.app.runner;
    if (moved.kind === 'process')
      smoke = { ...smoke, app: { ...smoke.app, runner: { ...moved, logFile: join(dir, 'app.log') } } };
  }
  return { ...rebased, smoke };
}
