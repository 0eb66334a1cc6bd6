import type { AppRunner } from '@smoke-repair/smoke-validator';

/**
 * The runner, but every start — the first, and each restart — begins from the same app state:
 * `beforeStart` (restore the sandbox's data files, run `app.reset`) runs while the app is
 * stopped. Same code in → same verdict out, whatever the previous smoke left behind.
 */
export function withFreshState(runner: AppRunner, beforeStart: () => Promise<void>): AppRunner {
  return {
    kind: runner.kind,
    baseUrl: runner.baseUrl,
    port: runner.port,
    state: () => runner.state(),
    async start() {
      await beforeStart();
      await runner.start();
    },
    stop: () => runner.stop(),
    async restart() {
      await runner.stop();
      await beforeStart();
      await runner.start();
    },
    logs: () => runner.logs(),
    health: () => runner.health(),
    // A crash mid-smoke: back up on the data the smoke has made so far (its later scenarios use those ids).
    ...(runner.onExit ? { onExit: runner.onExit.bind(runner) } : {}),
    ...(runner.dumpStacks ? { dumpStacks: runner.dumpStacks.bind(runner) } : {}),
    restartAfterCrash: () => (runner.restartAfterCrash ? runner.restartAfterCrash() : runner.restart()),
  };
}
