import type { SmokeConfig } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';

/**
 * The config as the sandbox sees it: the app's root, the runner's working directory, its app
 * directory (Docker), log file, command and environment, and the test command's working
 * directory point into the sandbox when they pointed into the user's tree. Artifacts, the config
 * file and the pattern store stay where they are: they are outputs and the user's, not the app's.
 */
export function rebaseConfig(config: RepairLoopConfig, from: string, to: string): RepairLoopConfig {
  return { ...config, smoke: rebaseSmokeConfig(config.smoke, from, to) };
}

/** The smoke part of `rebaseConfig`. */
export function rebaseSmokeConfig(config: SmokeConfig, from: string, to: string): SmokeConfig {
  const move = <T>(value: T): T => rebaseValue(value, from, to);
  const { app, smoke } = config;
  return {
    ...config,
    app: {
      ...app,
      root: move(app.root),
      runner: move(app.runner),
      ...(app.logFile ? { logFile: move(app.logFile) } : {}),
    },
    smoke: { ...smoke, ...(smoke.testCommand ? { testCommand: move(smoke.testCommand) } : {}) },
  };
}

// Every string that is the user's root or a path under it (alone, or as a word in a command).
function rebaseValue<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return rebaseString(value, from, to) as T;
  if (Array.isArray(value)) return value.map((v) => rebaseValue(v, from, to)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebaseValue(v, from, to)])) as T;
  }
  return value;
}

function rebaseString(text: string, from: string, to: string): string {
  if (!text.includes(from)) return text;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`${escaped}(?=$|[/\\s'":;=])`, 'g'), to);
}

/**
 * The smoke of a loop whose every start restores the app's data (the sandbox's reset, an
 * `app.reset`): a change to a record nothing in the contract creates may act on the contract's
 * example (`smoke.documentedTargets`), unless the config says otherwise — else those endpoints
 * are never sent, and their bugs never seen. Never for an app the loop does not start (runner
 * `none`): nothing restores its data. Data outside the tree (a database server) is restored only
 * by an `app.reset`; a config without one can turn this off.
 */
export function withDisposableData(config: SmokeConfig): SmokeConfig {
  if (config.smoke.documentedTargets !== undefined || config.app.runner.kind === 'none') return config;
  return { ...config, smoke: { ...config.smoke, documentedTargets: true } };
}

/**
 * The app's own temp files (a per-process SQLite file, uploads in flight) go to `tmp` in the
 * sandbox, so they are removed with it instead of piling up in the user's temp directory.
 */
export function withAppTempDir(config: SmokeConfig, tmp: string): SmokeConfig {
  const runner = config.app.runner;
  if (runner.kind !== 'process' || runner.env['TMPDIR'] !== undefined) return config;
  return { ...config, app: { ...config.app, runner: { ...runner, env: { ...runner.env, TMPDIR: tmp } } } };
}
