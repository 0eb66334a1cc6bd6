import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { LoopEvent } from './events.js';
import { judgePatch } from './judge-patch.js';
import type { LoopDeps, SmokeOutcome, TrialLane } from './loop-deps.js';
import type { LoopState } from './loop-state.js';
import { recordLearning } from './record-learning.js';
import { summarizeSmoke } from './summarize.js';
import type { TrialContext } from './trial.js';

/** The loop's settings (the `loop` and `patterns` config sections). */
export type LoopSettings = Pick<RepairLoopConfig, 'loop' | 'patterns'>;

/** One run of the loop: its ports, settings, state and the helpers every step shares. */
export interface LoopRun {
  readonly deps: LoopDeps;
  readonly settings: LoopSettings;
  readonly state: LoopState;
  readonly signal: AbortSignal | undefined;
  readonly now: () => number;
  emit(event: LoopEvent): void;
  /** One smoke run of `iteration` (`rerun`: a confirmation). */
  smoke(iteration: number, rerun?: boolean): Promise<SmokeOutcome>;
  /** Notes a smoke run: its commands, its event, the latest smoke. */
  observe(iteration: number, outcome: SmokeOutcome, rerun: boolean): void;
  /** The trial context of `iteration`. */
  trialContext(iteration: number): TrialContext;
  /** The trial context of `iteration` in a lane (its own copy, app and smoke; thrown away after). */
  laneContext(iteration: number, lane: TrialLane): TrialContext;
  /** Records verified outcomes in the pattern store (a failing store is a warning). */
  learn(
    patches: readonly RepairPatch[],
    after: SmokeResult,
    regressed: boolean,
    outcome?: 'fixed' | 'not_fixed',
  ): Promise<void>;
}

/** The shared helpers of one loop run over `state`. */
export function createLoopRun(
  deps: LoopDeps,
  settings: LoopSettings,
  state: LoopState,
  signal: AbortSignal | undefined,
): LoopRun {
  const now = deps.now ?? Date.now;
  const emit = (event: LoopEvent) => deps.onEvent?.(event);
  const run: LoopRun = {
    deps,
    settings,
    state,
    signal,
    now,
    emit,
    async smoke(iteration, rerun = false) {
      const attempt = Math.min(3, 1 + Math.max(0, ...state.attempts.values()));
      const focus =
        attempt >= 3
          ? state.lastSmoke.result.violations
              .map((v) => v.nodeid ?? '')
              .filter(Boolean)
              .slice(0, 1)
          : [];
      const outcome = await deps.smoke({ iteration, attempt, focus, rerun });
      run.observe(iteration, outcome, rerun);
      return outcome;
    },
    observe(iteration, outcome, rerun) {
      outcome.commands.forEach((c) => state.commands.add(c));
      const crashes = outcome.result.crashes ?? [];
      emit({
        type: 'smoke',
        iteration,
        smoke: summarizeSmoke(outcome.result),
        rerun,
        ...(crashes.length > 0 ? { crashes } : {}),
      });
      state.lastSmoke = outcome;
    },
    trialContext(iteration) {
      return {
        iteration,
        workspace: deps.workspace,
        restart: () => deps.restart(),
        smoke: (rerun) => run.smoke(iteration, rerun),
        confirmRegressions: settings.loop.confirmRegressions,
        emit,
        judge: (patch, before, after) => judgePatch(patch, before.result, after.result),
        ...(signal ? { signal } : {}),
      };
    },
    laneContext(iteration, lane) {
      const label = `lane ${lane.id}: `;
      return {
        ...run.trialContext(iteration),
        workspace: lane.workspace,
        restart: () => lane.restart(),
        // The lane's smokes are not the loop's: they neither feed the next attempt nor count as its latest.
        smoke: async (rerun) => {
          const outcome = await lane.smoke({ iteration, attempt: 1, focus: [], rerun });
          emit({ type: 'smoke', iteration, smoke: summarizeSmoke(outcome.result), rerun, lane: lane.id });
          return outcome;
        },
        label,
        disposable: true,
      };
    },
    async learn(patches, after, regressed, outcome) {
      if (!deps.store || patches.length === 0) return;
      try {
        const learned = await recordLearning(deps.store, patches, after, {
          regressed,
          app: deps.appName,
          policy: settings.patterns,
          ...(outcome ? { outcome } : {}),
        });
        state.patternsPromoted += learned.promoted;
        emit({ type: 'learning', recorded: learned.recorded, promoted: learned.promoted, detail: learned.detail });
      } catch (error) {
        emit({ type: 'warning', detail: `learning was not recorded: ${(error as Error).message}` });
      }
    },
  };
  return run;
}
