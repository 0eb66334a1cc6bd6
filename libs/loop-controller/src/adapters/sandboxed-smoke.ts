import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ConfigError,
  createRunnerFromConfig,
  runSmoke,
  type RunSmokeOptions,
  type SmokeConfig,
  type SmokeRun,
} from '@smoke-repair/smoke-validator';
import { rebaseSmokeConfig, withAppTempDir } from '../sandbox/rebase-config.js';
import { withFreshState } from '../sandbox/with-fresh-state.js';
import { runResetCommand } from './reset-command.js';
import { createSandbox } from './sandbox.js';
import { findSandboxEscapes } from './sandbox-escapes.js';

/**
 * `smoke --sandbox`: the smoke of `config`, run on a sandbox copy of the app (the loop's
 * sandbox: dependency folders linked, `app.reset` before the start), so the user's data files
 * are never changed by it and two runs start from the same data. The sandbox is removed after.
 */
export async function runSandboxedSmoke(
  config: SmokeConfig,
  options: Omit<RunSmokeOptions, 'runner'> = {},
): Promise<SmokeRun> {
  const userRoot = config.app.root;
  const escapes = await findSandboxEscapes(userRoot);
  if (escapes.length > 0)
    throw new ConfigError(
      `--sandbox: the app would not run its sandbox copy's code:\n  ${escapes.join('\n  ')}`,
      config.configPath,
    );
  const sandbox = await createSandbox(userRoot, {
    exclude: [config.artifactsDir, join(config.configDir, '.smoke-repair')],
  });
  try {
    const tmp = join(dirname(sandbox.root), 'tmp');
    await mkdir(tmp, { recursive: true });
    const moved = withAppTempDir(rebaseSmokeConfig(config, userRoot, sandbox.root), tmp);
    const reset = config.app.reset;
    const real = createRunnerFromConfig(moved);
    const runner = real && reset ? withFreshState(real, () => runResetCommand(reset, sandbox.root)) : real;
    try {
      return await runSmoke(moved, { ...options, ...(runner ? { runner } : {}) });
    } finally {
      await runner?.stop().catch(() => undefined);
    }
  } finally {
    await sandbox.remove();
  }
}
