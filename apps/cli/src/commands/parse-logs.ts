import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createSignatureGrouper,
  stackTraceListJsonSchema,
  streamStackTraces,
  type ParseLogsOptions,
} from '@smoke-repair/log-parser';
import { createSourceMapResolver, JVM_SOURCE, listSourceFiles } from '@smoke-repair/smoke-validator';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';
import { renderSignatureGroups } from './render-signature-groups.js';
import { parseCommandArgs } from '../parse-command-args.js';

/** Help text of `smoke-repair parse-logs`. */
export const parseLogsUsage = `Usage: smoke-repair parse-logs [FILE|-] [--app-root DIR] [--in-app RULE]... [--json]

Extracts stack traces (Python, Node, Java, Go) from a log: plain, timestamp-prefixed or JSON lines.
Reads standard input when FILE is - or absent.

  --app-root DIR   the app's root as the logging process saw it; frames under it are in-app, and
                   frames in its compiled output (tsc's dist/) are read at their source by the
                   build's source maps
  --in-app RULE    extra in-app rule, Sentry style: "path:**/generated/** -app" (repeatable)
  --json           print the JSON array of StackTrace instead of the grouped summary
  --json-schema    print the JSON Schema of the --json output and exit
`;

/** Runs `parse-logs`; exit 0 whether or not traces are found. */
export async function parseLogsCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values, positionals } = parseArgsOf(argv);
  if (values.help) return write(io.stdout, parseLogsUsage).then(() => ExitCode.Ok);
  if (values['json-schema']) {
    await write(io.stdout, `${JSON.stringify(stackTraceListJsonSchema(), null, 2)}\n`);
    return ExitCode.Ok;
  }
  if (positionals.length > 1) throw new UsageError(`parse-logs takes one log file, got ${positionals.length}`);
  const file = positionals[0] ?? '-';
  const appRoot = values['app-root'] ? resolve(io.cwd, values['app-root']) : undefined;
  const options: ParseLogsOptions = {
    // log-parser reads no files: Java frames resolve against the sources listed here, compiled
    // JavaScript frames through the source maps the resolver reads.
    ...(appRoot
      ? {
          appRoot,
          sourceFiles: listSourceFiles(appRoot, JVM_SOURCE),
          originalPosition: createSourceMapResolver(appRoot),
        }
      : {}),
    ...(values['in-app'] ? { inApp: values['in-app'] } : {}),
  };
  const source = file === '-' ? io.stdin : openLog(resolve(io.cwd, file));
  const traces = streamStackTraces(source, options);
  if (values.json) await writeJsonArray(traces, io);
  else {
    const grouper = createSignatureGrouper();
    let total = 0;
    for await (const trace of traces) {
      grouper.add(trace);
      total++;
    }
    await write(io.stdout, renderSignatureGroups(grouper.groups(), total, file === '-' ? 'stdin' : file));
  }
  return ExitCode.Ok;
}

function parseArgsOf(argv: readonly string[]) {
  return parseCommandArgs('parse-logs', argv, {
    'app-root': { type: 'string' },
    'in-app': { type: 'string', multiple: true },
    json: { type: 'boolean' },
    'json-schema': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}

function openLog(path: string) {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UsageError(`cannot read log file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  if (!stats.isFile() && !stats.isFIFO()) throw new UsageError(`${path} is not a file`);
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

// Streams the array so a huge log never needs all its traces in memory at once.
async function writeJsonArray(traces: AsyncIterable<unknown>, io: CliIo): Promise<void> {
  let first = true;
  await write(io.stdout, '[');
  for await (const trace of traces) {
    await write(io.stdout, `${first ? '\n' : ',\n'}${JSON.stringify(trace)}`);
    first = false;
  }
  await write(io.stdout, first ? ']\n' : '\n]\n');
}
