import type { SmokeConfig } from '../config/smoke-config.js';
import { runSecrets } from '../http/secret-values.js';

/**
 * The secrets of a smoke: configured header values, the runner's and the environment's
 * secret-named variables, and those the app's commands (runner, build, reset, test command)
 * assign on their command line.
 */
export function smokeSecrets(config: SmokeConfig): string[] {
  const runner = config.app.runner as { env?: Record<string, string>; command?: string | readonly string[] };
  const testCommand = config.smoke.testCommand;
  return runSecrets({
    headers: config.smoke.headers,
    runnerEnv: { ...runner.env, ...testCommand?.env },
    commands: [runner.command, config.app.build, config.app.reset, testCommand?.command],
  });
}
