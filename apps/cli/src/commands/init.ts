import { existsSync, lstatSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '@smoke-repair/loop-controller';
import { z } from 'zod';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';
import { FRAMEWORKS, detectFramework, starterConfig, type Framework } from './init-template.js';
import { parseCommandArgs } from '../parse-command-args.js';

/** Help text of `smoke-repair init`. */
export const initUsage = `Usage: smoke-repair init [--framework fastapi|express] [--force] [DIR]

Writes a starter smoke-repair.config.json into DIR (default: the current directory): how to
start the app, where its OpenAPI document is, the loop's budgets, the repair strategies and the
pattern store, each explained by a "$comment" key (JSON has no comments; the loader ignores them).

  --framework NAME   fastapi or express (Express and Fastify); default: detected from
                     requirements.txt / pyproject.toml (fastapi) or package.json (express, fastify)
  --force            overwrite an existing smoke-repair.config.json
  --json             print { path, framework, detectedFrom } as JSON
  --json-schema      print the JSON Schema of the --json output and exit (the config file's own
                     schema: smoke-repair config --json-schema)

The config's "$schema" points at the config schema the installed CLI ships
(node_modules/@smoke-repair/cli/config.schema.json), for completion and checks in editors.

Exit codes: 0 written, 2 usage error (config exists, framework unknown), 3 internal error.
`;

/** Runs `init`. */
export async function initCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values, positionals } = parseArgsOf(argv);
  if (values.help) return write(io.stdout, initUsage).then(() => ExitCode.Ok);
  if (values['json-schema'])
    return write(io.stdout, `${JSON.stringify(initOutputJsonSchema(), null, 2)}\n`).then(() => ExitCode.Ok);
  if (positionals.length > 1) throw new UsageError(`init takes at most one directory (got ${positionals.join(' ')})`);
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`init: ${dir} is not a directory`);
  let framework: Framework;
  let detectedFrom: string | null = null;
  if (values.framework !== undefined) {
    if (!(FRAMEWORKS as readonly string[]).includes(values.framework))
      throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(', ')}, got "${values.framework}"`);
    framework = values.framework as Framework;
  } else {
    const detected = detectFramework(dir);
    if (!detected)
      throw new UsageError(
        `init: cannot tell the framework of ${dir} (no fastapi in requirements.txt/pyproject.toml, no ` +
          `express/fastify in package.json); pass --framework ${FRAMEWORKS.join('|')}`,
      );
    ({ framework, from: detectedFrom } = detected);
  }
  const path = join(dir, CONFIG_FILE_NAMES[0]);
  // Never through a symbolic link (it may point anywhere, even when dangling): refused, --force or not.
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
    throw new UsageError(`init: ${path} is a symbolic link; remove it first (init never writes through a link)`);
  if (existsSync(path) && !values.force)
    throw new UsageError(`init: ${path} already exists; pass --force to overwrite it`);
  // O_EXCL without --force: a file (or link) that appeared meanwhile is not overwritten either.
  await writeFile(path, `${JSON.stringify(starterConfig(framework, dir), null, 2)}\n`, {
    flag: values.force ? 'w' : 'wx',
  });
  if (values.json) {
    await write(io.stdout, `${JSON.stringify({ path, framework, detectedFrom }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const shadowed = CONFIG_FILE_NAMES.slice(1).filter((name) => existsSync(join(dir, name)));
  const where = relative(io.cwd, path) || path;
  await write(
    io.stdout,
    [
      `wrote ${where} (${framework}${detectedFrom ? `, detected from ${detectedFrom}` : ''})`,
      ...(shadowed.length > 0 ? [`note: it takes precedence over ${shadowed.join(', ')} in the same directory`] : []),
      'next: check app.runner.command and smoke.openapi, then',
      `  smoke-repair smoke${dir === io.cwd ? '' : ` --config ${where}`}     one HTTP smoke run with reports`,
      `  smoke-repair run${dir === io.cwd ? '' : ` --config ${where}`}       smoke → repair → verify → learn`,
      '',
    ].join('\n'),
  );
  return ExitCode.Ok;
}

function parseArgsOf(argv: readonly string[]) {
  return parseCommandArgs('init', argv, {
    framework: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
    'json-schema': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}

/** zod schema of what `init --json` prints. */
export const initOutputSchema = z.strictObject({
  /** The config file written. */
  path: z.string(),
  framework: z.enum(FRAMEWORKS),
  /** The file the framework was detected from; null when --framework named it. */
  detectedFrom: z.string().nullable(),
});

/** JSON Schema (draft 2020-12) of `init --json`. */
export function initOutputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(initOutputSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
}
