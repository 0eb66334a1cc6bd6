/**
 * Loads `smoke-repair.config.json`: validate with zod, resolve paths against the file's
 * directory, check the runner and freshness sections against their own schemas, freeze.
 */
// eslint-disable-next-line no-restricted-imports -- a "/…" openapi is a file only if it exists; public API, no port
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { dockerRunnerOptionsSchema } from '../runner/docker-options.js';
import { freshnessOptionsSchema } from '../freshness/freshness-options.js';
import { deepFreeze } from '../options.js';
import { configIssuesText } from './issues-text.js';
import { smokeConfigSchema, type SmokeConfig } from './smoke-config.js';

/** Validates an in-memory config; relative paths resolve against `dirname(configPath)`. */
export function parseSmokeConfig(raw: unknown, configPath = resolve('smoke-repair.config.json')): SmokeConfig {
  const parsed = smokeConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(configIssuesText(parsed.error), configPath, { cause: parsed.error });
  const configDir = dirname(configPath);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(configDir, p));
  const c = parsed.data;
  const root = abs(c.app.root);
  const underRoot = (p: string | undefined) => (p === undefined ? root : isAbsolute(p) ? p : resolve(configDir, p));
  let runner = c.app.runner;
  if (runner.kind === 'process') {
    runner = { ...runner, cwd: underRoot(runner.cwd), ...(runner.logFile ? { logFile: abs(runner.logFile) } : {}) };
  } else if (runner.kind === 'docker') {
    runner = {
      ...runner,
      appDir: underRoot(runner.appDir),
      ...(runner.logFile ? { logFile: abs(runner.logFile) } : {}),
      ...(runner.build ? { build: { ...runner.build, context: abs(runner.build.context) } } : {}),
    };
    const { kind: _kind, $comment: _comment, ...options } = runner;
    void _kind;
    void _comment;
    const check = dockerRunnerOptionsSchema.safeParse(options);
    if (!check.success)
      throw new ConfigError(configIssuesText(check.error, 'app.runner'), configPath, { cause: check.error });
  }
  if (c.freshness) {
    const meta = c.freshness.meta;
    const probe = meta?.url.startsWith('/')
      ? { ...c.freshness, meta: { ...meta, url: `http://127.0.0.1${meta.url}` } }
      : c.freshness;
    const check = freshnessOptionsSchema.safeParse(probe);
    if (!check.success)
      throw new ConfigError(configIssuesText(check.error, 'freshness'), configPath, { cause: check.error });
  }
  const openapi = c.smoke.openapi;
  const resolvedOpenapi =
    openapi === undefined || /^https?:\/\//i.test(openapi)
      ? openapi
      : openapi.startsWith('/') && !existsSync(openapi)
        ? openapi
        : abs(openapi);
  const testCommand = c.smoke.testCommand ? { ...c.smoke.testCommand, cwd: abs(c.smoke.testCommand.cwd) } : undefined;
  return deepFreeze({
    ...c,
    app: { ...c.app, root, runner, ...(c.app.logFile ? { logFile: abs(c.app.logFile) } : {}) },
    smoke: {
      ...c.smoke,
      ...(resolvedOpenapi !== undefined ? { openapi: resolvedOpenapi } : {}),
      ...(c.smoke.scenarios ? { scenarios: abs(c.smoke.scenarios) } : {}),
      ...(testCommand ? { testCommand } : {}),
    },
    artifactsDir: abs(c.artifactsDir),
    configPath,
    configDir,
  }) as SmokeConfig;
}
