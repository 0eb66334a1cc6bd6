import { nearestName, redactText, runSecrets } from '@smoke-repair/smoke-validator';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import { cliVersion } from './cli-version.js';
import { exitCodeFor } from './error-exit-codes.js';
import { internalErrorText } from './fatal.js';
import { write, type CliIo } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<ExitCodeValue>;

// Commands load on demand: `parse-logs` should not pay for the Neo4j driver or the loop.
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  run: {
    summary: 'smoke → repair → verify → learn until the target or a budget; escalation bundle',
    load: async () => (await import('./commands/run-loop.js')).runLoopCommand,
  },
  smoke: {
    summary: 'smoke an app over HTTP (OpenAPI) or its test command; JUnit/HTML reports',
    load: async () => (await import('./commands/smoke.js')).smokeCommand,
  },
  init: {
    summary: 'write a starter smoke-repair.config.json (FastAPI or Express), framework detected',
    load: async () => (await import('./commands/init.js')).initCommand,
  },
  patterns: {
    summary: 'list, show, export, import, sync and retire learned fix patterns',
    load: async () => (await import('./commands/patterns.js')).patternsCommand,
  },
  config: {
    summary: 'check the config file; --json-schema prints its JSON Schema',
    load: async () => (await import('./commands/config.js')).configCommand,
  },
  'parse-logs': {
    summary: 'extract stack traces from a log and group them by signature',
    load: async () => (await import('./commands/parse-logs.js')).parseLogsCommand,
  },
};

const USAGE = `Usage: smoke-repair <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run "smoke-repair <command> --help" (or "smoke-repair help <command>") for a command's options.
Exit codes: 0 ok, 1 findings, 2 usage or config error, 3 internal error.
`;

/**
 * Runs one CLI invocation and returns its exit code. Never throws: usage errors become one
 * clear line and code 2, anything unexpected a short message and code 3 (stack only with
 * SMOKE_REPAIR_DEBUG=1).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const [name, ...rest] = argv;
  try {
    // `help run` is `run --help`.
    if (name === 'help' && rest[0] !== undefined) return await run([rest[0], '--help'], io);
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      await write(name ? io.stdout : io.stderr, USAGE);
      return name ? ExitCode.Ok : ExitCode.Usage;
    }
    if (name === '--version' || name === '-V') return write(io.stdout, `${cliVersion()}\n`).then(() => ExitCode.Ok);
    const command = COMMANDS[name];
    if (!command) throw new UsageError(unknownCommand(name));
    return await (
      await command.load()
    )(rest, io);
  } catch (error) {
    // A message may quote a command's output or a URI: the environment's secrets and token
    // shapes never reach the terminal (a command redacts its config's own before it throws).
    const secrets = runSecrets({});
    const exit = exitCodeFor(error);
    if (exit !== ExitCode.Internal) {
      await write(io.stderr, redactText(`smoke-repair: ${(error as Error).message}\n`, secrets));
      return exit;
    }
    await write(io.stderr, redactText(internalErrorText(error), secrets));
    return ExitCode.Internal;
  }
}

// One line, with the nearest command (the same rule as flags and config keys).
function unknownCommand(name: string): string {
  const near = nearestName(name, Object.keys(COMMANDS));
  const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
  return `${what}${near ? ` (did you mean "${near}"?)` : ''}; "smoke-repair --help" lists the commands`;
}
