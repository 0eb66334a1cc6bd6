import { resolve } from 'node:path';
import {
  acquireRunLocks,
  assertConfigPaths,
  loopSecrets,
  sweepLeftovers,
  sweepOptionsFor,
  loadRepairLoopConfig,
  loopResultJsonSchema,
  runRepairLoop,
  type LoopEvent,
  type RepairLoopConfig,
} from '@smoke-repair/loop-controller';
import { freshSeed, redactText } from '@smoke-repair/smoke-validator';
import { reported } from '../error-exit-codes.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { redactingStream, write, type CliIo } from '../io.js';
import { abortOnInterrupt } from '../interrupt-signals.js';
import { renderLoopTable } from './run-render.js';
import { createLoopProgress } from '../progress/loop-progress.js';
import { stderrTerminal, tickEverySecond } from '../progress/terminal.js';
import { configFileFor } from './config-file.js';
import {
  integerFlag,
  MAX_EXAMPLES_PER_OPERATION,
  numberFlag,
  seedFlag,
  parseCommandArgs,
} from '../parse-command-args.js';

/** Help text of `smoke-repair run`. */
export const runUsage = `Usage: smoke-repair run [--config FILE] [options]

Runs the loop on the app the config describes: baseline smoke, then while the pass rate is
below the target or any 5xx remains: repair each root cause with a bounded patch, restart,
re-smoke, keep or roll back, learn. Stops on the target, a budget, a regression or nothing left
to try, and then writes the escalation bundle. The app runs from a sandbox copy of its folder
(dependency folders linked), and every start begins from the same data (data files restored,
app.reset run); your files are written once, at the end, with the accepted changes only —
never a file you changed during the run. Ctrl-C, SIGTERM, SIGHUP or SIGQUIT: your files stay
as they were. Your git HEAD, index and stash are never touched. One run or smoke per app at a
time: a second one on the same app says who holds it and exits 2.

  -c, --config FILE     config file: .json, .mjs or .ts (default: smoke-repair.config.json, .mjs
                        or .ts in the current directory, in that order)
  --target RATE         target pass rate, 0..1 (default 0.8; 1 = every scenario passes)
  --max-iterations N    iteration limit (default 10)
  --time-budget SEC     wall-clock budget of the loop (default 600)
  --store URI           pattern store: memory:, file:PATH, neo4j://host:port (default: the config's)
  --strategies LIST     comma-separated subset of pattern,recipe,llm,command
  --seed SEED           seed of the unique values and request ids of the loop's smokes (default:
                        the config's smoke.seed, else a fresh one, printed); replays a run's requests
  --examples N          scenarios per operation in every smoke of the loop, 1 to 100 (default:
                        the config's smoke.examplesPerOperation, 1 = the positive scenario only)
  --branch NAME         commit the accepted changes on top of HEAD to the NEW branch NAME instead
                        of writing them to your files (default: the config's loop.branch; HEAD,
                        index, stash and files untouched)
  --no-apply            write the accepted changes only to <artifactsDir>/accepted.patch
  --keep-sandbox        keep the sandbox the app ran from (its path is in the result)
  --in-place            no sandbox: patch the app's tree during the run, journaled (loop.sandbox false)
  --json                print the LoopResult as JSON (progress still goes to stderr)
  --json-schema         print the JSON Schema of the --json output and exit

Exit codes: 0 target reached (or nothing to repair), 1 escalated, 2 usage or config error (or the app is
locked by another run), 3 internal error.
`;

/** Runs `run`. */
export async function runLoopCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values } = parseArgsOf(argv);
  if (values.help) return write(io.stdout, runUsage).then(() => ExitCode.Ok);
  if (values['json-schema'])
    return write(io.stdout, `${JSON.stringify(loopResultJsonSchema(), null, 2)}\n`).then(() => ExitCode.Ok);
  let config: RepairLoopConfig;
  config = applyFlags(await loadRepairLoopConfig(configFileFor(io.cwd, values.config)), values);
  // Before the seed, the lock and the baseline smoke: a wrong path is a config error (exit 2).
  assertConfigPaths(config.smoke, { store: config.patterns.store });
  // One seed for the whole run, printed so the run's requests can be sent again (--seed).
  if (config.smoke.smoke.openapi || config.smoke.smoke.scenarios) {
    const seed = config.smoke.smoke.seed ?? freshSeed();
    config = { ...config, smoke: { ...config.smoke, smoke: { ...config.smoke.smoke, seed } } };
    await write(io.stderr, `seed       ${seed} (--seed ${seed} sends this run's requests again)\n`);
  }
  const controller = new AbortController();
  const stopListening = abortOnInterrupt(controller);
  // Redaction by value on everything the run prints: a warning quoting an agent's output or a
  // store URI, the progress lines, the result.
  const secrets = loopSecrets(config);
  const terminal = stderrTerminal({ ...io, stderr: redactingStream(io.stderr, secrets) });
  const progress = createLoopProgress({ ...terminal, live: terminal.mode.live, color: terminal.mode.color });
  const stopTicking = tickEverySecond(terminal, () => progress.tick());
  let releaseLock: (() => void) | undefined;
  try {
    // One run or smoke per app at a time: a second one would smoke the first one's app and
    // overwrite its journal. Released on every way out (a signal aborts the loop, then finally).
    const lock = acquireRunLocks({ root: config.smoke.app.root, artifactsDir: config.smoke.artifactsDir });
    releaseLock = lock.release;
    if (lock.note) await write(io.stderr, `smoke-repair: ${lock.note}\n`);
    // What a SIGKILLed run left (its app or container on the port, its agent, its scratch copies) goes first.
    const swept = await sweepLeftovers(sweepOptionsFor(config.smoke.app.runner, lock.path));
    if (swept) await write(io.stderr, `smoke-repair: ${swept}\n`);
    const result = await runRepairLoop(config, {
      signal: controller.signal,
      onEvent: (event: LoopEvent) => progress.onEvent(event),
      onSmokeEvent: (event) => progress.onSmokeEvent(event),
    });
    terminal.status.clear();
    await write(
      values.json ? io.stdout : io.stderr,
      redactText(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderLoopTable(result), secrets),
    );
    return result.outcome === 'escalated' ? ExitCode.Findings : ExitCode.Ok;
  } catch (error) {
    throw reported(error, (e) => redactText(e.message, secrets));
  } finally {
    stopTicking();
    terminal.status.clear();
    releaseLock?.();
    stopListening();
  }
}

function parseArgsOf(argv: readonly string[]) {
  return parseCommandArgs(
    'run',
    argv,
    {
      config: { type: 'string' },
      target: { type: 'string' },
      'max-iterations': { type: 'string' },
      'time-budget': { type: 'string' },
      store: { type: 'string' },
      strategies: { type: 'string' },
      seed: { type: 'string' },
      examples: { type: 'string' },
      branch: { type: 'string' },
      'no-apply': { type: 'boolean' },
      'keep-sandbox': { type: 'boolean' },
      'in-place': { type: 'boolean' },
      json: { type: 'boolean' },
      'json-schema': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
}

function applyFlags(config: RepairLoopConfig, values: ReturnType<typeof parseArgsOf>['values']): RepairLoopConfig {
  if (values.branch === '') throw new UsageError('--branch needs a branch name');
  const target = numberFlag('target', values.target, 0, 1);
  const maxIterations = numberFlag('max-iterations', values['max-iterations'], 1, 1000, true);
  const budget = numberFlag('time-budget', values['time-budget'], 1, 24 * 3600);
  const examples = integerFlag('examples', values.examples, 1, MAX_EXAMPLES_PER_OPERATION);
  const seed = seedFlag(values.seed);
  const smoke = {
    ...(examples !== undefined ? { examplesPerOperation: examples } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  const strategies = values.strategies?.split(',').map((s) => s.trim());
  const known = ['pattern', 'recipe', 'llm', 'command'];
  const unknown = strategies?.filter((s) => !known.includes(s));
  if (unknown && unknown.length > 0)
    throw new UsageError(`--strategies: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return {
    ...config,
    ...(Object.keys(smoke).length > 0
      ? { smoke: { ...config.smoke, smoke: { ...config.smoke.smoke, ...smoke } } }
      : {}),
    loop: {
      ...config.loop,
      ...(target !== undefined ? { targetPassRate: target } : {}),
      ...(maxIterations !== undefined ? { maxIterations } : {}),
      ...(budget !== undefined ? { timeBudgetMs: budget * 1000 } : {}),
      ...(values.branch !== undefined ? { branch: values.branch } : {}),
      ...(values['no-apply'] ? { apply: 'none' as const } : {}),
      ...(values['keep-sandbox'] ? { keepSandbox: true } : {}),
      ...(values['in-place'] ? { sandbox: false } : {}),
    },
    repair: {
      ...config.repair,
      ...(strategies ? { strategies: strategies as RepairLoopConfig['repair']['strategies'] } : {}),
    },
    patterns: {
      ...config.patterns,
      ...(values.store
        ? {
            store:
              values.store.startsWith('file:') && !values.store.startsWith('file:/')
                ? `file:${resolve(values.store.slice(5))}`
                : values.store,
          }
        : {}),
    },
  };
}
