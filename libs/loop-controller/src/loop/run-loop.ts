import type { LoopDeps } from './loop-deps.js';
import type { LoopResult } from './loop-result.js';
import { createLoopRun, type LoopRun, type LoopSettings } from './loop-run.js';
import { createLoopState, escalate, type Step } from './loop-state.js';
import { finishLoop } from './finish.js';
import { runIteration } from './run-iteration.js';
import { summarizeSmoke } from './summarize.js';
import { triggerOf } from './targets.js';

/**
 * The loop (DESIGN §4): baseline smoke → trigger → per iteration repair, checkpoint, trial
 * (apply, restart, re-smoke, judge each candidate) → keep the accepted (and learn) or roll back
 * → stop on target, budget, regression or nothing left to try. Budgets are enforced here, never
 * by a strategy. Each step returns `next`, `done` or `escalate`.
 */
export async function runLoop(deps: LoopDeps, settings: LoopSettings, signal?: AbortSignal): Promise<LoopResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const baseline = await deps.smoke({ iteration: 0, attempt: 1, focus: [], rerun: false });
  const state = createLoopState(baseline, deps.workspace.checkpoint(), started, settings.loop.timeBudgetMs);
  const run = createLoopRun(deps, settings, state, signal);
  run.observe(0, baseline, false);
  const initial = summarizeSmoke(baseline.result);
  run.emit({ type: 'baseline', smoke: initial });
  const trigger = triggerOf(baseline.result, settings);
  run.emit({ type: 'trigger', triggered: trigger.triggered, reason: trigger.reason });
  let step: Exclude<Step, { kind: 'next' }>;
  try {
    step = trigger.triggered
      ? await iterate(run)
      : {
          kind: 'done',
          outcome: baseline.result.violations.length === 0 ? 'passed' : 'not_triggered',
          stopReason: trigger.reason,
        };
  } catch (error) {
    if (!signal?.aborted) {
      // A crash mid-iteration must not leave unverified patches in the user's tree.
      await deps.workspace.rollback(state.goodCheckpoint).catch(() => undefined);
      throw error;
    }
    step = interruption(signal.reason, settings.loop.timeBudgetMs);
  }
  return finishLoop(run, step, initial);
}

async function iterate(run: LoopRun): Promise<Exclude<Step, { kind: 'next' }>> {
  const max = run.settings.loop.maxIterations;
  for (let iteration = 1; iteration <= max; iteration++) {
    const step = await runIteration(run, iteration);
    if (step.kind !== 'next') return step;
  }
  return escalate('retry budget', 'iteration_limit', `the loop limit of ${max} iterations was reached`);
}

// An abort is the user's (SIGINT, SIGTERM) or the time budget's own timeout firing mid-iteration.
function interruption(reason: unknown, budgetMs: number): Exclude<Step, { kind: 'next' }> {
  if (reason instanceof Error && reason.name === 'TimeoutError')
    return escalate('time budget', 'time_budget', `the ${budgetMs} ms budget ran out mid-iteration`);
  return escalate(
    'time budget',
    'interrupted',
    `interrupted (${reason instanceof Error ? reason.message : String(reason ?? 'abort')})`,
  );
}
