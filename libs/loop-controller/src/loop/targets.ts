import type { SmokeResult } from '@smoke-repair/smoke-validator';
import type { LoopSettings } from './loop-run.js';
import type { Step } from './loop-state.js';
import { isServerError } from './summarize.js';

/** Seed 004's trigger: a pass rate below `triggerPassRate`, or any 5xx. */
export function triggerOf(result: SmokeResult, settings: LoopSettings): { triggered: boolean; reason: string } {
  const errors = result.violations.filter(isServerError).length;
  if (result.passRate < settings.loop.triggerPassRate)
    return { triggered: true, reason: `pass rate ${pct(result.passRate)} < ${pct(settings.loop.triggerPassRate)}` };
  if (errors > 0) return { triggered: true, reason: `${errors} server error${errors === 1 ? '' : 's'}` };
  return { triggered: false, reason: `pass rate ${pct(result.passRate)} and no server errors: no repair needed` };
}

/** `done` when every scenario passes, or the target pass rate is reached with no 5xx left; else null. */
export function targetOf(result: SmokeResult, settings: LoopSettings): Extract<Step, { kind: 'done' }> | null {
  if (result.violations.length === 0) return { kind: 'done', outcome: 'passed', stopReason: 'every scenario passes' };
  const errors = result.violations.filter(isServerError).length;
  if (result.passRate >= settings.loop.targetPassRate && errors === 0 && settings.loop.targetPassRate < 1) {
    return {
      kind: 'done',
      outcome: 'target_reached',
      stopReason: `pass rate ${pct(result.passRate)} ≥ ${pct(settings.loop.targetPassRate)} with no server errors`,
    };
  }
  return null;
}

/** A rate as a percentage with one decimal. */
export function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
