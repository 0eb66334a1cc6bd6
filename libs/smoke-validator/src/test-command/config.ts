/**
 * Configuration of test-command mode: run an existing test suite (pytest, vitest, jest) and read
 * its results through JUnit XML. Validated once at the boundary by the test-command runner.
 */
import { z } from 'zod';
import { strictWithHints } from '../config/strict-keys.js';

/** The seed's baseline command (seed 004, step 1). */
const DEFAULT_TEST_COMMAND = 'pytest -q tests/smoke -k smoke --maxfail=3 -rf';

/** Test frameworks whose JUnit output test-command mode reads; `auto` guesses from the command. */
const testFrameworkSchema = z.enum(['pytest', 'vitest', 'jest', 'auto']);

/** A test framework test-command mode knows (after `auto` is resolved). */
export type TestFramework = Exclude<z.infer<typeof testFrameworkSchema>, 'auto'>;

/** zod schema of `TestCommandConfig` (strict: a misspelt key is an error with a hint). */
export const testCommandConfigSchema = strictWithHints({
  /** A shell command line, or an argv array run without a shell. */
  command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default(DEFAULT_TEST_COMMAND),
  /** Working directory of the command (the project root the nodeids are relative to). */
  cwd: z.string().min(1).default('.'),
  /** Extra environment variables for the command. */
  env: z.record(z.string(), z.string()).default({}),
  framework: testFrameworkSchema.default('auto'),
  /** Where the JUnit XML is written; default: a fresh file under the OS temp directory. */
  junitPath: z.string().min(1).optional(),
  /** Hard timeout of one run; the whole process group is killed when it passes. */
  timeoutMs: z.number().int().positive().default(600_000),
  /** Arguments appended to every run (before the escalation arguments). */
  extraArgs: z.array(z.string()).default([]),
  /**
   * Marker (pytest) or tag (vitest/jest: a `[ndsmoke]` tag in the test name) of live,
   * nondeterministic tests: left out unless `ND_SMOKE=1`.
   */
  ndSmokeMarker: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('ndsmoke'),
  /** Include ndsmoke tests; default: `ND_SMOKE=1` in `env` or in this process's environment. */
  ndSmoke: z.boolean().optional(),
  /**
   * A full run that stopped early (pytest `--maxfail`/`-x`, vitest/jest `--bail`) is run again
   * without the tests that already failed, at most this many extra times, so every failing test
   * is seen; 0 turns it off.
   */
  maxExtraRuns: z.number().int().nonnegative().default(10),
});

/** Options accepted by test-command mode (the CLI's config file uses the same shape). */
export type TestCommandConfig = z.input<typeof testCommandConfigSchema>;
