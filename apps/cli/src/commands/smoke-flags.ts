import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRepairLoopConfig, loadRepairLoopConfig } from '@smoke-repair/loop-controller';
import { nearestName, parseKeywordExpression, parseSmokeConfig, type SmokeConfig } from '@smoke-repair/smoke-validator';
import { UsageError } from '../exit-codes.js';
import { integerFlag, MAX_EXAMPLES_PER_OPERATION, seedFlag, type ParsedArgs } from '../parse-command-args.js';
import { configFileFor } from './config-file.js';

/** The options `smoke` takes (node:util parseArgs). */
export const smokeOptions = {
  config: { type: 'string', short: 'c' },
  'base-url': { type: 'string' },
  openapi: { type: 'string' },
  artifacts: { type: 'string' },
  'app-root': { type: 'string' },
  'server-log': { type: 'string' },
  concurrency: { type: 'string' },
  seed: { type: 'string' },
  examples: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  keyword: { type: 'string', short: 'k' },
  'include-path': { type: 'string', multiple: true },
  'include-method': { type: 'string', multiple: true },
  'exclude-path': { type: 'string', multiple: true },
  'exclude-method': { type: 'string', multiple: true },
  'max-failures': { type: 'string' },
  'allow-non-loopback': { type: 'boolean' },
  sandbox: { type: 'boolean' },
  json: { type: 'boolean' },
  'json-schema': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parsed `smoke` flags. */
export type SmokeFlags = ParsedArgs<typeof smokeOptions>['values'];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
// RFC 9110 token, then the value (may be empty).
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s?(.*)$/;

/**
 * The smoke config of one `smoke` invocation: the config file (`--config`, else the one in the
 * working directory) with the flags on top — or, with no config file and `--base-url`, the flags
 * alone (zero-config: an app someone else runs). Every flag is checked here, before anything
 * starts: a bad one is a UsageError naming it (exit 2).
 */
export async function smokeConfigFromFlags(values: SmokeFlags, cwd: string): Promise<SmokeConfig> {
  const checked = {
    concurrency: integerFlag('concurrency', values.concurrency, 1, 64),
    examples: integerFlag('examples', values.examples, 1, MAX_EXAMPLES_PER_OPERATION),
    maxFailures: integerFlag('max-failures', values['max-failures'], 1, 1_000_000),
    seed: seedFlag(values.seed),
  };
  const zeroConfig =
    values.config === undefined && values['base-url'] !== undefined && !existsSync(findRepairLoopConfig(cwd));
  const configPath = zeroConfig
    ? join(cwd, '<command line>')
    : configFileFor(
        cwd,
        values.config,
        ', or smoke an app that is already running from flags alone: --base-url URL --openapi PATH|URL',
      );
  // The whole config (loop sections included) is validated; smoke uses its smoke part.
  const base = zeroConfig ? null : (await loadRepairLoopConfig(configPath)).smoke;
  const raw = (base ? JSON.parse(JSON.stringify(base)) : { app: {}, smoke: {} }) as Record<string, unknown> & {
    smoke: Record<string, unknown>;
    app: Record<string, unknown>;
  };
  delete raw['configPath'];
  delete raw['configDir'];
  if (values['base-url'] !== undefined) {
    raw.smoke['baseUrl'] = values['base-url'];
    raw.app['runner'] = { kind: 'none' };
  }
  if (values.openapi !== undefined) raw.smoke['openapi'] = openapiLocation(values.openapi, cwd);
  if (zeroConfig && values.openapi === undefined)
    throw new UsageError(
      'smoke without a config file needs --openapi PATH|URL (a file, a URL, or a path on the app like /openapi.json)',
    );
  if (values.artifacts !== undefined) raw['artifactsDir'] = artifactsDir(values.artifacts, cwd);
  else if (zeroConfig) raw['artifactsDir'] = resolve(cwd, 'artifacts');
  if (values['app-root'] !== undefined) raw.app['root'] = resolve(cwd, values['app-root']);
  else if (zeroConfig) raw.app['root'] = cwd;
  if (values['server-log'] !== undefined && values['server-log'] !== '-')
    raw.app['logFile'] = existingFile('server-log', values['server-log'], cwd);
  if (values.header)
    raw.smoke['headers'] = { ...(raw.smoke['headers'] as object | undefined), ...headers(values.header) };
  const select = selection(values);
  if (select) raw.smoke['select'] = { ...(raw.smoke['select'] as object | undefined), ...select };
  if (checked.maxFailures !== undefined) raw.smoke['maxFailures'] = checked.maxFailures;
  if (checked.concurrency !== undefined) raw.smoke['concurrency'] = checked.concurrency;
  if (checked.examples !== undefined) raw.smoke['examplesPerOperation'] = checked.examples;
  if (checked.seed !== undefined) raw.smoke['seed'] = checked.seed;
  if (values['allow-non-loopback']) raw.smoke['allowNonLoopback'] = true;
  const config = parseSmokeConfig(raw, base?.configPath ?? configPath);
  if (values['server-log'] !== undefined && config.app.runner.kind !== 'none') {
    throw new UsageError(
      '--server-log is for an app smoke-repair does not start: add --base-url URL (or use app.runner kind "none")',
    );
  }
  return config;
}

/**
 * `--openapi`: an http(s) URL as is; a value with a leading `/` is a file when one exists there,
 * else a path on the app (`/openapi.json`); anything else is a file relative to the working
 * directory and must exist (never glued onto the base URL).
 */
function openapiLocation(value: string, cwd: string): string {
  if (/^https?:\/\//i.test(value) || value.startsWith('/')) return value;
  return existingFile(
    'openapi',
    value,
    cwd,
    ` (a path on the app takes a leading slash: --openapi /${value.replace(/^\.\//, '')})`,
  );
}

function existingFile(flag: string, value: string, cwd: string, hint = ''): string {
  const path = resolve(cwd, value);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new UsageError(`--${flag} ${value}: no such file (${path})${hint}`);
  if (stats.isDirectory()) throw new UsageError(`--${flag} ${value}: a directory, not a file (${path})`);
  return path;
}

// Checked here so the message names the flag (the config check names artifactsDir).
function artifactsDir(value: string, cwd: string): string {
  const path = resolve(cwd, value);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats && !stats.isDirectory()) throw new UsageError(`--artifacts ${value}: a file, not a directory (${path})`);
  return path;
}

function headers(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const match = HEADER.exec(line);
    if (!match) throw new UsageError(`-H must be 'Name: value', got "${line.replace(/:.*/, ': …')}"`);
    out[match[1]!] = match[2]!;
  }
  return out;
}

function selection(values: SmokeFlags): Record<string, unknown> | null {
  const methods = (flag: string, list: readonly string[] | undefined) =>
    list?.map((m) => {
      if (METHODS.includes(m.toUpperCase())) return m.toUpperCase();
      const near = nearestName(m.toUpperCase(), METHODS);
      throw new UsageError(
        `--${flag} ${m}: not an HTTP method${near ? ` (did you mean ${near}?)` : ` (${METHODS.join(', ')})`}`,
      );
    });
  if (values.keyword !== undefined) parseKeywordExpression(values.keyword);
  const select = {
    ...(values.keyword !== undefined ? { keyword: values.keyword } : {}),
    ...(values['include-path'] ? { includePaths: values['include-path'] } : {}),
    ...(values['exclude-path'] ? { excludePaths: values['exclude-path'] } : {}),
    ...(values['include-method'] ? { includeMethods: methods('include-method', values['include-method']) } : {}),
    ...(values['exclude-method'] ? { excludeMethods: methods('exclude-method', values['exclude-method']) } : {}),
  };
  return Object.keys(select).length > 0 ? select : null;
}
