import { SmokeRepairError } from '@smoke-repair/log-parser';
import { startInterruptibly, type AppRunner } from '@smoke-repair/smoke-validator';
import type { LoopErrorCode } from '../errors.js';

/** The loop's time budget ran out while the app was starting (it never became ready in time). */
class TimeBudgetStartError extends SmokeRepairError<LoopErrorCode> {
  readonly code = 'SMOKE_LOOP_TIME_BUDGET';
  constructor(budgetMs: number, options?: { cause?: unknown }) {
    super(
      `the time budget of ${Math.round(budgetMs / 1000)} s ran out while the app was starting; it was stopped ` +
        `(raise --time-budget, or fix what keeps the app from becoming ready)`,
      options,
    );
  }
}

/**
 * The runner, with every start and restart bounded by `signal` (the loop's time budget and the
 * user's interrupt): when it aborts mid-start, the app is stopped at once instead of waiting out
 * its readiness timeout, and the start rejects — a `TimeBudgetStartError` when the budget ran out.
 */
export function boundedRunner(runner: AppRunner, signal: AbortSignal, budgetMs: number): AppRunner {
  const start = async () => {
    try {
      await startInterruptibly(runner, signal);
    } catch (error) {
      const reason: unknown = signal.reason;
      if (signal.aborted && reason instanceof Error && reason.name === 'TimeoutError')
        throw new TimeBudgetStartError(budgetMs, { cause: error });
      throw error;
    }
  };
  const restart = async () => {
    await runner.stop();
    await start();
  };
  return {
    kind: runner.kind,
    baseUrl: runner.baseUrl,
    port: runner.port,
    state: () => runner.state(),
    start,
    stop: () => runner.stop(),
    restart,
    logs: () => runner.logs(),
    health: () => runner.health(),
    ...(runner.onExit ? { onExit: runner.onExit.bind(runner) } : {}),
    ...(runner.dumpStacks ? { dumpStacks: runner.dumpStacks.bind(runner) } : {}),
    async restartAfterCrash() {
      if (!runner.restartAfterCrash) return restart();
      // Its own restart cannot be interrupted from outside: stop it when the budget ends.
      const onAbort = () => void runner.stop().catch(() => undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        signal.throwIfAborted();
        await runner.restartAfterCrash();
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
