import { loadRepairLoopConfig, repairLoopConfigJsonSchema } from '@smoke-repair/loop-controller';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { configFileFor } from './config-file.js';

/** Help text of `smoke-repair config`. */
export const configUsage = `Usage: smoke-repair config [--config FILE] [--json-schema]

Checks the config file (default: smoke-repair.config.json, .mjs or .ts in the current directory)
the way smoke and run load it: unknown keys (with the nearest known one), types, ranges.

  --config FILE    the config file to check
  --json-schema    print the JSON Schema of the config file and exit (the one "init" points
                   "$schema" at; editors complete and check keys with it)

Exit codes: 0 valid, 2 missing or invalid config, 3 internal error.
`;

/** Runs `config`: exit 0 when the config loads, 2 when it is missing or invalid. */
export async function configCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values } = parseCommandArgs(
    'config',
    argv,
    {
      config: { type: 'string', short: 'c' },
      'json-schema': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) return write(io.stdout, configUsage).then(() => ExitCode.Ok);
  if (values['json-schema'])
    return write(io.stdout, `${JSON.stringify(repairLoopConfigJsonSchema(), null, 2)}\n`).then(() => ExitCode.Ok);
  const path = configFileFor(io.cwd, values.config);
  await loadRepairLoopConfig(path);
  await write(io.stdout, `${path}: valid\n`);
  return ExitCode.Ok;
}
