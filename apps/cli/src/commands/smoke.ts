import {
  createStreamLogSource,
  redactText,
  runSecrets,
  runSmoke,
  smokeSecrets,
  smokeResultJsonSchema,
} from '@smoke-repair/smoke-validator';
import {
  acquireRunLocks,
  assertConfigPaths,
  runSandboxedSmoke,
  sweepLeftovers,
  sweepOptionsFor,
} from '@smoke-repair/loop-controller';
import { reported } from '../error-exit-codes.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { redactingStream, write, type CliIo } from '../io.js';
import { abortOnInterrupt } from '../interrupt-signals.js';
import { crashLines, renderSmokeSummary } from './smoke-summary.js';
import { createSmokeProgress } from '../progress/smoke-progress.js';
import { stderrTerminal, tickEverySecond } from '../progress/terminal.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { smokeConfigFromFlags, smokeOptions } from './smoke-flags.js';

/** Help text of `smoke-repair smoke`. */
export const smokeUsage = `Usage: smoke-repair smoke [--config FILE] [options]

Smokes an app over HTTP: per OpenAPI operation the positive scenario plus up to N - 1 further
distinct schema-valid examples (N = --examples or smoke.examplesPerOperation, default 1), and
with smoke.boundaryScenarios boundary variants (extreme but valid body, query and path values);
and/or a scenario file. Runs them in dependency order; every failure carries its status,
response excerpt, the server trace attributed to its request, an error signature and a curl
command. Writes smoke.xml (JUnit), smoke.html and smoke.json into the artifacts directory.

  -c, --config FILE      config file: .json, .mjs or .ts (default: smoke-repair.config.json, .mjs
                         or .ts in the current directory, in that order); loop sections allowed.
                         Without one, --base-url and --openapi are enough (zero-config: the app
                         runs elsewhere; reports go to ./artifacts)
  --base-url URL         smoke an already-running app at URL instead of starting it
  --openapi PATH|URL     OpenAPI document: an http(s) URL; /a/path (a file if one exists there,
                         else a path on the app: /openapi.json); any other value is a file
                         relative to the current directory and must exist
  --artifacts DIR        where reports go (default: the config's artifactsDir); a file is refused
  --app-root DIR         the app's source root, for in-app frames (default: the config's app.root)
  --server-log FILE|-    the log of an app smoke-repair does not start, read while it runs to tie
                         each 5xx to its stack trace; - reads standard input
                         (docker logs -f app 2>&1 | smoke-repair smoke --server-log - …)
  -H, --header 'N: v'    a header sent with every request (repeatable); its value is redacted in
                         every report and output
  -k EXPR                only scenarios whose id matches EXPR: words (case ignored) with and, or,
                         not and parentheses, as pytest's -k ("products and not delete")
  --include-path P       only operations at path P: a template (/products/{id}) or a glob
                         (/products/**); repeatable. --exclude-path P leaves them out
  --include-method M     only operations with method M (repeatable); --exclude-method M leaves them out
  --max-failures N       stop after N failing scenarios (the rest are reported as blocked)
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

/** Runs `smoke`: exit 0 when every scenario passed, 1 on violations, 2 on bad input. */
export async function smokeCommand(argv: readonly string[], cliIo: CliIo): Promise<ExitCodeValue> {
  // Until the config is read, only the environment's secrets and token shapes are known.
  let io: CliIo = { ...cliIo, stderr: redactingStream(cliIo.stderr, runSecrets({})) };
  let secrets: readonly string[] = [];
  const { values, positionals } = parseCommandArgs('smoke', argv, smokeOptions);
  if (values.help) return write(io.stdout, smokeUsage).then(() => ExitCode.Ok);
  if (values['json-schema']) {
    await write(io.stdout, `${JSON.stringify(smokeResultJsonSchema(), null, 2)}\n`);
    return ExitCode.Ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`smoke takes no positional arguments (got ${positionals.join(' ')}); use --config FILE`);
  try {
    const config = await smokeConfigFromFlags(values, io.cwd);
    // Redaction by value on everything the smoke prints (progress, crash lines, messages):
    // configured header values an app echoes, env and command-line secrets.
    secrets = smokeSecrets(config);
    io = { ...cliIo, stderr: redactingStream(cliIo.stderr, secrets) };
    const startsApp = !values['base-url'] && config.app.runner.kind !== 'none';
    assertConfigPaths(config, { appRoot: startsApp });
    // Progress on stderr; with --json only on a live terminal (someone watching), never on stdout.
    const terminal = stderrTerminal(io);
    const quiet = values.json && !terminal.mode.live;
    const progress = quiet ? null : createSmokeProgress({ ...terminal, live: terminal.mode.live });
    const stopTicking = tickEverySecond(terminal, () => progress?.tick());
    if (values.sandbox && (values['base-url'] || config.app.runner.kind === 'none')) {
      throw new UsageError(
        '--sandbox needs an app the config starts (app.runner process or docker), not an app that is already running',
      );
    }
    const smoke = values.sandbox ? runSandboxedSmoke : runSmoke;
    // An app this command starts is locked like `run` locks it; an app already running is not ours.
    const lock = startsApp ? acquireRunLocks({ root: config.app.root, artifactsDir: config.artifactsDir }) : null;
    if (lock?.note) await write(io.stderr, `smoke-repair: ${lock.note}\n`);
    const swept = lock ? await sweepLeftovers(sweepOptionsFor(config.app.runner, lock.path)) : null;
    if (swept) await write(io.stderr, `smoke-repair: ${swept}\n`);
    const controller = new AbortController();
    const stopListening = abortOnInterrupt(controller);
    // Read from now on; stopped on every way out (an open stdin would keep the process alive).
    const serverLog = values['server-log'] === '-' ? createStreamLogSource(io.stdin, '<stdin>') : undefined;
    const { result, reports } = await smoke(config, {
      ...(values['base-url'] ? { runner: null } : {}),
      ...(serverLog ? { serverLog } : {}),
      signal: controller.signal,
      onEvent: (event) => progress?.onEvent(event),
    }).finally(() => {
      serverLog?.stop();
      stopTicking();
      terminal.status.clear();
      lock?.release();
      stopListening();
    });
    if (controller.signal.aborted) {
      const cancelled = result.scenarios.filter(
        (s) => s.status === 'blocked' && s.notes.includes('the run was cancelled'),
      ).length;
      await write(
        io.stderr,
        `smoke-repair: interrupted (${String(controller.signal.reason)}): ${cancelled} ` +
          `scenario${cancelled === 1 ? '' : 's'} not run${values['base-url'] ? '' : '; the app was stopped'}\n`,
      );
    }
    if (!quiet) for (const line of crashLines(result.crashes ?? [])) terminal.status.log(line);
    if (values.json) await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
    else await write(io.stdout, renderSmokeSummary(result, reports, io.cwd));
    return result.violations.length > 0 || result.scenariosPassed < result.scenariosTested
      ? ExitCode.Findings
      : ExitCode.Ok;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // A package's code goes with its message, so a pipeline's log names it; an interrupt is not a fault.
    throw reported(error, (e) =>
      e.code === 'SMOKE_INTERRUPTED' ? e.message : redactText(`${e.message} [${e.code}]`, secrets),
    );
  }
}
