/** The app runner a config describes (process or Docker), or undefined for `kind: none`. */
import { join } from 'node:path';
import { createDockerRunner } from '../adapters/docker-runner.js';
import { createProcessRunner, type RunnerExtras } from '../adapters/process-runner.js';
import { smokeSecrets } from './smoke-secrets.js';
import type { SmokeConfig } from '../config/smoke-config.js';
import type { AppRunner } from '../runner/app-runner.js';
import type { DockerRunnerOptions } from '../runner/docker-options.js';

/**
 * Creates (does not start) the runner of `config.app.runner`. The app's log goes to
 * `<artifactsDir>/server.log` unless the runner names a `logFile`: evidence kept with the
 * reports, never a file left behind in the temp directory. Secrets never reach it (`extras.secrets`
 * on top of the smoke's own).
 */
export function createRunnerFromConfig(config: SmokeConfig, extras: RunnerExtras = {}): AppRunner | undefined {
  const { kind, ...rest } = config.app.runner as { kind: string } & Record<string, unknown>;
  const options: Record<string, unknown> = {
    ...rest,
    logFile: (rest['logFile'] as string | undefined) ?? join(config.artifactsDir, 'server.log'),
  };
  // The log file redacts the smoke's secrets (configured header values an app echoes) and the caller's.
  const secrets = { secrets: [...smokeSecrets(config), ...(extras.secrets ?? [])] };
  const allowNonLoopback = config.smoke.allowNonLoopback || options['allowNonLoopback'] === true;
  if (kind === 'process') {
    return createProcessRunner(
      {
        ...(options as { command: string; port: number }),
        cwd: (options['cwd'] as string | undefined) ?? config.app.root,
        allowNonLoopback,
      },
      secrets,
    );
  }
  if (kind === 'docker') {
    return createDockerRunner(
      {
        ...(options as unknown as DockerRunnerOptions),
        appDir: (options['appDir'] as string | undefined) ?? config.app.root,
        allowNonLoopback,
      },
      secrets,
    );
  }
  return undefined;
}
