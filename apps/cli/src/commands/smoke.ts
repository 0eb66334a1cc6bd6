import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import {
  AppExitedError,
  AppStartTimeoutError,
  BaseUrlUnreachableError,
  ConfigError,
  DockerBuildError,
  DockerImageMissingError,
  DockerUnavailableError,
  InvalidOptionsError,
  NonLoopbackTargetError,
  OpenApiInvalidError,
  PortBusyError,
  ForeignListenerError,
  ScenarioFileError,
  SmokeInterruptedError,
  StaleServiceError,
  parseSmokeConfig,
  runSmoke,
  smokeResultJsonSchema,
  type SmokeConfig,
} from '@smoke-repair/smoke-validator';
import { acquireRunLocks, AppLockDirError, AppLockedError, assertConfigPaths, findRepairLoopConfig, loadRepairLoopConfig, runSandboxedSmoke } from '@smoke-repair/loop-controller';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';
import { abortOnInterrupt } from '../interrupt-signals.js';
import { crashLines, renderSmokeSummary } from './smoke-summary.js';
import { createSmokeProgress } from '../progress/smoke-progress.js';
import { stderrTerminal, tickEverySecond } from '../progress/terminal.js';
import { integerFlag, MAX_EXAMPLES_PER_OPERATION, seedFlag, withUsage } from '../parse-command-args.js';

/** Help text of `smoke-repair smoke`. */
export const smokeUsage = `Usage: smoke-repair smoke [--config FILE] [options]

Smokes an app over HTTP: per OpenAPI operation the positive scenario plus up to N - 1 further
distinct schema-valid examples (N = --examples or smoke.examplesPerOperation, default 1), and
with smoke.boundaryScenarios boundary variants (extreme but valid body, query and path values);
and/or a scenario file. Runs them in dependency order; every failure carries its status,
response excerpt, the server trace attributed to its request, an error signature and a curl
command. Writes smoke.xml (JUnit), smoke.html and smoke.json into the artifacts directory.

  --config FILE          config file: .json, .mjs or .ts (default: smoke-repair.config.json, .mjs
                         or .ts in the current directory, in that order); loop sections allowed
  --base-url URL         smoke an already-running app at URL instead of starting it
  --openapi PATH|URL     OpenAPI document (file, URL, or a path on the base URL like /openapi.json)
  --artifacts DIR        where reports go (default: the config's artifactsDir)
  --concurrency N        requests in flight at once (default: the config's, 4)
  --seed SEED            seed of the run's unique values (e-mails, names, codes…) and request ids
                         (default: the config's smoke.seed, else a fresh one per run, printed);
                         the seed of an earlier run sends its requests again
  --examples N           scenarios per operation, 1 to 100 (default: the config's
                         smoke.examplesPerOperation, 1 = the positive scenario only)
  --allow-non-loopback   permit a target that is not 127.0.0.1/localhost/::1
  --sandbox              run the app from a sandbox copy of its folder (dependency folders
                         linked, app.reset before the start): your data files stay as they are
                         and every run starts from the same data
  --json                 print the SmokeResult as JSON
  --json-schema          print the JSON Schema of the --json output and exit

Ctrl-C, SIGTERM, SIGHUP or SIGQUIT stop the smoke and the app it started (the scenarios not yet
sent are reported as blocked; exit 1). A smoke that starts the app holds it like \`run\`: a second
run or smoke on the same app says who holds it and exits 2.

Exit codes: 0 every scenario passed, 1 violations found (or interrupted), 2 usage, config or start-up error
(or the app is locked by another run), 3 internal error.
`;

// Errors the user fixes (config, input, environment): one clear message and exit 2.
const USER_ERRORS = [
  ConfigError,
  InvalidOptionsError,
  OpenApiInvalidError,
  ScenarioFileError,
  NonLoopbackTargetError,
  BaseUrlUnreachableError,
  PortBusyError,
  ForeignListenerError,
  AppExitedError,
  AppStartTimeoutError,
  StaleServiceError,
  DockerUnavailableError,
  DockerImageMissingError,
  DockerBuildError,
  AppLockedError,
  AppLockDirError,
];

/** Runs `smoke`: exit 0 when every scenario passed, 1 on violations, 2 on bad input. */
export async function smokeCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values, positionals } = parseArgsOf(argv);
  if (values.help) return write(io.stdout, smokeUsage).then(() => ExitCode.Ok);
  if (values['json-schema']) {
    await write(io.stdout, `${JSON.stringify(smokeResultJsonSchema(), null, 2)}\n`);
    return ExitCode.Ok;
  }
  if (positionals.length > 0) throw new UsageError(`smoke takes no positional arguments (got ${positionals.join(' ')}); use --config FILE`);
  const concurrency = integerFlag('concurrency', values.concurrency, 1, 64);
  const examples = integerFlag('examples', values.examples, 1, MAX_EXAMPLES_PER_OPERATION);
  const seed = seedFlag(values.seed);
  try {
    // The whole config (loop sections included) is validated; smoke uses its smoke part.
    const configPath = values.config ? resolve(io.cwd, values.config) : findRepairLoopConfig(io.cwd);
    const config = applyFlags((await loadRepairLoopConfig(configPath)).smoke, values, { concurrency, examples, seed }, io.cwd);
    const startsApp = !values['base-url'] && config.app.runner.kind !== 'none';
    assertConfigPaths(config, { appRoot: startsApp });
    // Progress on stderr; with --json only on a live terminal (someone watching), never on stdout.
    const terminal = stderrTerminal(io);
    const quiet = values.json && !terminal.mode.live;
    const progress = quiet ? null : createSmokeProgress({ ...terminal, live: terminal.mode.live });
    const stopTicking = tickEverySecond(terminal, () => progress?.tick());
    if (values.sandbox && (values['base-url'] || config.app.runner.kind === 'none')) {
      throw new UsageError('--sandbox needs an app the config starts (app.runner process or docker), not an app that is already running');
    }
    const smoke = values.sandbox ? runSandboxedSmoke : runSmoke;
    // An app this command starts is locked like `run` locks it; an app already running is not ours.
    const lock = startsApp ? acquireRunLocks({ root: config.app.root, artifactsDir: config.artifactsDir }) : null;
    if (lock?.note) await write(io.stderr, `smoke-repair: ${lock.note}\n`);
    const controller = new AbortController();
    const stopListening = abortOnInterrupt(controller);
    const { result, reports } = await smoke(config, {
      ...(values['base-url'] ? { runner: null } : {}),
      signal: controller.signal,
      onEvent: (event) => progress?.onEvent(event),
    }).finally(() => {
      stopTicking();
      terminal.status.clear();
      lock?.release();
      stopListening();
    });
    if (controller.signal.aborted) {
      const cancelled = result.scenarios.filter((s) => s.status === 'blocked' && s.notes.includes('the run was cancelled')).length;
      await write(io.stderr, `smoke-repair: interrupted (${String(controller.signal.reason)}): ${cancelled} scenario${cancelled === 1 ? '' : 's'} not run${values['base-url'] ? '' : '; the app was stopped'}\n`);
    }
    if (!quiet) for (const line of crashLines(result.crashes ?? [])) terminal.status.log(line);
    if (values.json) await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
    else await write(io.stdout, renderSmokeSummary(result, reports, io.cwd));
    return result.violations.length > 0 || result.scenariosPassed < result.scenariosTested ? ExitCode.Findings : ExitCode.Ok;
  } catch (error) {
    if (error instanceof SmokeInterruptedError) {
      await write(io.stderr, `smoke-repair: ${error.message}\n`);
      return ExitCode.Findings;
    }
    if (USER_ERRORS.some((cls) => error instanceof cls)) {
      throw new UsageError(`${(error as Error & { code: string }).message} [${(error as { code: string }).code}]`, { cause: error });
    }
    throw error;
  }
}

type Flags = ReturnType<typeof parseArgsOf>['values'];

/** Flag values already checked (integers in range). */
interface CheckedFlags {
  readonly concurrency: number | undefined;
  readonly examples: number | undefined;
  readonly seed: string | undefined;
}

function applyFlags(config: SmokeConfig, values: Flags, { concurrency, examples, seed }: CheckedFlags, cwd: string): SmokeConfig {
  const raw = JSON.parse(JSON.stringify(config)) as Record<string, unknown> & { smoke: Record<string, unknown>; app: Record<string, unknown> };
  const { configPath } = config;
  delete raw['configPath'];
  delete raw['configDir'];
  if (values['base-url']) {
    raw.smoke['baseUrl'] = values['base-url'];
    raw.app['runner'] = { kind: 'none' };
  }
  if (values.openapi) raw.smoke['openapi'] = /^https?:\/\//i.test(values.openapi) || values.openapi.startsWith('/') ? values.openapi : resolve(cwd, values.openapi);
  if (values.artifacts) raw['artifactsDir'] = resolve(cwd, values.artifacts);
  if (concurrency !== undefined) raw.smoke['concurrency'] = concurrency;
  if (examples !== undefined) raw.smoke['examplesPerOperation'] = examples;
  if (seed !== undefined) raw.smoke['seed'] = seed;
  if (values['allow-non-loopback']) raw.smoke['allowNonLoopback'] = true;
  return parseSmokeConfig(raw, configPath);
}

function parseArgsOf(argv: readonly string[]) {
  return withUsage(smokeUsage, () =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        'base-url': { type: 'string' },
        openapi: { type: 'string' },
        artifacts: { type: 'string' },
        concurrency: { type: 'string' },
        seed: { type: 'string' },
        examples: { type: 'string' },
        'allow-non-loopback': { type: 'boolean' },
        sandbox: { type: 'boolean' },
        json: { type: 'boolean' },
        'json-schema': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
}
