/**
 * Turns the configured command and an attempt number into the exact command to run:
 * the framework's JUnit options, the ndsmoke exclusion and the verbosity escalation
 * (1: as given; 2: + `--tb=short`; 3: a focused rerun of one nodeid).
 */
import { resolve } from 'node:path';
import {
  excludeTestsPattern,
  jestIgnoreFilesArgs,
  jestJunitArgs,
  jestJunitEnv,
  nodeFocusArgs,
  splitNodeNodeid,
  vitestJunitArgs,
} from './node-test-args.js';
import {
  PYTEST_FOCUSED_ARGS,
  pytestDeselectArgs,
  pytestEscalationArgs,
  pytestExcludeMarker,
  pytestFocusArgs,
  pytestJunitArgs,
} from './pytest-args.js';
import type { ResolvedTestCommand } from './resolve-config.js';
import { serverErrorPluginArgs, type PytestPlugin } from './server-error-plugin.js';
import { joinShellWords } from './shell-words.js';

/** Which run of the repair loop this is. */
export interface TestRunRequest {
  /** 1 (default): as given; 2: shorter tracebacks; 3+: the focused rerun of `nodeid`. */
  readonly attempt?: number;
  /** The failing test to focus on from attempt 3 (without it, attempt 3 is the full run, verbose). */
  readonly nodeid?: string;
  /** Stops the run (its process group) when it aborts: the loop's time budget, an interrupt. */
  readonly signal?: AbortSignal;
}

/** One planned run. */
export interface PlannedCommand {
  /** A shell line (run with `sh -c`) or an argv array. */
  readonly command: string | readonly string[];
  /** Variables this run adds to the configured environment (JUnit settings, PYTEST_ADDOPTS). */
  readonly env: Readonly<Record<string, string>>;
  /** The exact command, as one copy-pasteable line (added variables first). */
  readonly display: string;
  readonly attempt: number;
  readonly nodeid: string | null;
}

/**
 * Plans one run. `junitPath` null leaves the JUnit options out (the `reproduce` command a person
 * runs by hand). `exclude` leaves tests out of a full run (an extra run after an early stop):
 * nodeids for pytest (`--deselect`) and vitest (by full name in the `-t` pattern), test files
 * relative to `cwd` for jest (`--testPathIgnorePatterns`); the focused rerun ignores it. `plugin`
 * loads smoke-repair's pytest plugin into a run that writes JUnit and starts pytest itself (a
 * wrapper, `tox`, may not pass PYTHONPATH on).
 */
export function planTestCommand(
  resolved: ResolvedTestCommand,
  request: TestRunRequest,
  junitPath: string | null,
  exclude: readonly string[] = [],
  plugin: PytestPlugin | null = null,
): PlannedCommand {
  const attempt = Math.max(1, Math.floor(request.attempt ?? 1));
  const nodeid = attempt >= 3 && request.nodeid ? request.nodeid : null;
  const userArgs = [...(resolved.launcher?.rest ?? []), ...resolved.extraArgs];
  let args: string[];
  const env: Record<string, string> = {};
  if (resolved.framework === 'pytest') {
    args = nodeid
      ? pytestFocusArgs(userArgs, nodeid)
      : [
          ...userArgs,
          ...(attempt >= 3 ? PYTEST_FOCUSED_ARGS : pytestEscalationArgs(attempt)),
          ...pytestDeselectArgs(exclude),
        ];
    if (!resolved.ndSmoke) args = pytestExcludeMarker(args, resolved.ndSmokeMarker);
    if (junitPath) args.push(...pytestJunitArgs(junitPath));
    if (junitPath && plugin && resolved.launcher) {
      args.push(...serverErrorPluginArgs(plugin));
      env['PYTHONPATH'] = plugin.pythonPath;
    }
  } else {
    args = nodeid ? nodeFocusArgs(resolved.framework, userArgs, nodeid) : userArgs;
    const names =
      !nodeid && resolved.framework === 'vitest'
        ? exclude.map((id) => splitNodeNodeid(id).names.join(' ')).filter(Boolean)
        : [];
    if (!nodeid && (!resolved.ndSmoke || names.length))
      args.push('-t', excludeTestsPattern(resolved.ndSmoke ? null : resolved.ndSmokeMarker, names));
    if (!nodeid && resolved.framework === 'jest' && exclude.length)
      args.push(...jestIgnoreFilesArgs(exclude.map((file) => resolve(resolved.cwd, file))));
    if (junitPath && resolved.framework === 'vitest') args.push(...vitestJunitArgs(junitPath));
    if (junitPath && resolved.framework === 'jest') {
      args.push(...jestJunitArgs());
      Object.assign(env, jestJunitEnv(junitPath));
    }
  }

  let words: string[];
  if (resolved.launcher) {
    words = [...resolved.launcher.head, ...args];
  } else if (resolved.framework === 'pytest') {
    // A wrapper (`make smoke`, `tox -e smoke`): pytest reads extra options from PYTEST_ADDOPTS.
    words = [...resolved.words];
    const existing = resolved.env['PYTEST_ADDOPTS'];
    env['PYTEST_ADDOPTS'] = [existing, joinShellWords(args)].filter(Boolean).join(' ');
  } else {
    words = [...resolved.words, ...args];
  }

  const command = resolved.shell
    ? resolved.launcher || resolved.framework !== 'pytest'
      ? appendToLine(resolved, words)
      : (resolved.command as string)
    : words;
  const line = typeof command === 'string' ? command : joinShellWords(command);
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${joinShellWords([v])}`);
  return Object.freeze({ command, env: Object.freeze(env), display: [...prefix, line].join(' '), attempt, nodeid });
}

/** A shell line for `words`: rebuilt when the launcher was found, else the original plus arguments. */
function appendToLine(resolved: ResolvedTestCommand, words: readonly string[]): string {
  if (resolved.launcher) return joinShellWords(words);
  const added = words.slice(resolved.words.length);
  return [resolved.command as string, joinShellWords(added)].filter(Boolean).join(' ');
}
