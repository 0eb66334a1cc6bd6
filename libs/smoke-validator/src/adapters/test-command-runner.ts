/**
 * `createTestCommandRunner`: test-command mode wired to execa (process groups), the file
 * system and the system clock.
 */
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { redactText } from '../http/redact.js';
import type { TestCommandConfig } from '../test-command/config.js';
import { executeTestCommand, type OutputSink } from '../test-command/execute.js';
import { resolveTestCommandConfig } from '../test-command/resolve-config.js';
import {
  SERVER_ERROR_PLUGIN_FILE,
  SERVER_ERROR_PLUGIN_MODULE,
  SERVER_ERROR_PLUGIN_SOURCE,
  type PytestPlugin,
} from '../test-command/server-error-plugin.js';
import {
  createTestCommandRunnerWith,
  type TestCommandRunner,
  type TestCommandRunnerDeps,
} from '../test-command/test-command-runner.js';
import { createExecaLauncher } from './execa-launcher.js';
import { systemClock } from './node-probes.js';
import { createProcessGroupControl } from './process-group.js';

function openLog(path: string): OutputSink {
  // Like server.log: what the tests printed may hold tokens, readable by this user only.
  const stream = createWriteStream(path, { flags: 'w', mode: 0o600 });
  return {
    write: (chunk) => void stream.write(chunk),
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

// A JUnit report quotes the tests' output and failure messages: redacted once it has been read,
// and like the log readable by this user only (the framework wrote it with the umask's mode).
function redactFile(path: string, secrets: readonly string[]): void {
  const text = readIfExists(path);
  if (text === null) return;
  const redacted = redactText(text, secrets);
  if (redacted !== text) writeFileSync(path, redacted);
  chmodSync(path, 0o600);
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Creates a runner for a project's test command (pytest, vitest, jest) read through JUnit XML.
 * Options are validated here (throws `InvalidOptionsError`); `ND_SMOKE` is read from `env`,
 * else from this process's environment. Each run's JUnit report and output log go to
 * `where.workDir` (created when missing; the CLI uses `<artifactsDir>/test-runs`), else to a new
 * directory under the OS temp dir; `junitPath` overrides the report's place. Both are artifacts:
 * the log is written, and the report rewritten once read, with `where.secrets` (the run's secret
 * values, see `smokeSecrets`) and token-shaped values replaced, like server.log.
 *
 * @example
 * const tests = createTestCommandRunner({ command: '.venv/bin/python -m pytest -q tests/smoke -k smoke', cwd:
 * 'apps/shop' }); const first = await tests.run(); // attempt 1
 * const nodeid = first.result.violations[0]?.nodeid;
 * await tests.run({ attempt: 3, nodeid });                           // focused rerun
 * console.log(tests.commands());                                     // repro_commands
 */
export function createTestCommandRunner(
  options: TestCommandConfig,
  where: { readonly workDir?: string; readonly secrets?: readonly string[] } = {},
): TestCommandRunner {
  const config = resolveTestCommandConfig(options, process.env);
  const launcher = createExecaLauncher();
  const control = createProcessGroupControl();
  let workDir: string | null = null;
  let plugin: PytestPlugin | null = null;
  const secrets = where.secrets ?? [];
  const deps: TestCommandRunnerDeps = {
    execute: (spec) => executeTestCommand({ ...spec, secrets }, { launcher, control, clock: systemClock, openLog }),
    redactFile: (path) => redactFile(path, secrets),
    readFile: readIfExists,
    fileSize: (path) => statSync(path, { throwIfNoEntry: false })?.size ?? null,
    removeFile: (path) => rmSync(path, { force: true }),
    fileExists: existsSync,
    get workDir() {
      if (workDir === null && where.workDir) mkdirSync(where.workDir, { recursive: true });
      workDir ??= where.workDir ?? mkdtempSync(join(tmpdir(), 'smoke-repair-tests-'));
      return workDir;
    },
    // Written once, beside the run's reports; the run's own PYTHONPATH follows it.
    pytestPlugin: () => {
      if (plugin) return plugin;
      const dir = join(deps.workDir, 'pytest-plugin');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, SERVER_ERROR_PLUGIN_FILE), SERVER_ERROR_PLUGIN_SOURCE);
      const inherited = config.env['PYTHONPATH'] ?? process.env['PYTHONPATH'];
      plugin = { module: SERVER_ERROR_PLUGIN_MODULE, pythonPath: [dir, inherited].filter(Boolean).join(delimiter) };
      return plugin;
    },
    now: Date.now,
  };
  return createTestCommandRunnerWith(config, deps);
}
