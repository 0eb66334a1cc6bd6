/**
 * Validates test-command configuration once (zod), resolves `auto` and the ndsmoke switch,
 * and freezes the result that every run reuses.
 */
import { resolve } from 'node:path';
import { InvalidOptionsError } from '../errors.js';
import { deepFreeze, parseOptions } from '../options.js';
import { testCommandConfigSchema, type TestFramework } from './config.js';
import { detectFramework, splitAtLauncher, type LauncherSplit } from './launcher.js';
import { splitShellWords } from './shell-words.js';

/** Test-command configuration after validation and resolution. */
export interface ResolvedTestCommand {
  /** The command as configured: a shell line or an argv array. */
  readonly command: string | readonly string[];
  /** True when the command runs through `sh -c` (it was given as a string). */
  readonly shell: boolean;
  /** The command's words (a shell line split as sh would, without expansions). */
  readonly words: readonly string[];
  /** The command split after the framework's launcher; null for wrappers (`make smoke`). */
  readonly launcher: LauncherSplit | null;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly framework: TestFramework;
  readonly junitPath: string | null;
  readonly timeoutMs: number;
  readonly extraArgs: readonly string[];
  readonly ndSmokeMarker: string;
  /** Whether ndsmoke tests run (`ND_SMOKE=1` or `ndSmoke: true`). */
  readonly ndSmoke: boolean;
  /** Bound on the extra runs after a run that stopped early. */
  readonly maxExtraRuns: number;
}

// Shell syntax after which arguments cannot simply be appended to the test runner.
const SHELL_OPERATORS = /[|&;<>()`$]/;

/**
 * Validates `input` (throws `InvalidOptionsError`); `processEnv` supplies `ND_SMOKE` when the
 * configuration does not decide.
 */
export function resolveTestCommandConfig(
  input: unknown,
  processEnv: Readonly<Record<string, string | undefined>> = {},
): ResolvedTestCommand {
  const parsed = parseOptions(testCommandConfigSchema, input, 'test-command');
  const shell = typeof parsed.command === 'string';
  const words = shell ? splitShellWords(parsed.command as string) : [...(parsed.command as string[])];
  const framework = parsed.framework === 'auto' ? detectFramework(words) : parsed.framework;
  if (framework === null) {
    throw new InvalidOptionsError(
      `invalid test-command options:\n` +
        `✖ cannot tell which test framework \`${words.join(' ')}\` runs; set framework to pytest, vitest or jest`,
    );
  }
  const compound = shell && SHELL_OPERATORS.test(parsed.command as string);
  const ndSmoke = parsed.ndSmoke ?? (parsed.env['ND_SMOKE'] ?? processEnv['ND_SMOKE']) === '1';
  return deepFreeze({
    command: parsed.command,
    shell,
    words,
    launcher: compound ? null : splitAtLauncher(words, framework),
    cwd: resolve(parsed.cwd),
    env: parsed.env,
    framework,
    junitPath: parsed.junitPath ? resolve(parsed.cwd, parsed.junitPath) : null,
    timeoutMs: parsed.timeoutMs,
    extraArgs: parsed.extraArgs,
    ndSmokeMarker: parsed.ndSmokeMarker,
    ndSmoke,
    maxExtraRuns: parsed.maxExtraRuns,
  });
}
