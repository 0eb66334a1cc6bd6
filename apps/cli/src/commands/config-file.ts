import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE_NAMES, findRepairLoopConfig } from '@smoke-repair/loop-controller';
import { UsageError } from '../exit-codes.js';

/**
 * The config file a command reads: `--config FILE` (relative to the working directory), else the
 * first of `smoke-repair.config.json`, `.mjs`, `.ts` in it. Missing: a usage error that says how
 * to get one (`init`), and `extra` (another way, e.g. smoke's flags); never a bare ENOENT.
 */
export function configFileFor(cwd: string, flag: string | undefined, extra = ''): string {
  if (flag !== undefined) {
    const path = resolve(cwd, flag);
    if (!existsSync(path)) throw new UsageError(`--config ${flag}: no such file (${path})`);
    if (!statSync(path).isFile()) throw new UsageError(`--config ${flag}: not a file (${path})`);
    return path;
  }
  const path = findRepairLoopConfig(cwd);
  if (!existsSync(path)) throw new UsageError(missingConfigMessage(cwd, extra));
  return path;
}

/** `no smoke-repair.config.json … in DIR: "npx @smoke-repair/cli init" writes one …`. */
function missingConfigMessage(cwd: string, extra = ''): string {
  return (
    `no ${CONFIG_FILE_NAMES.join(', ')} in ${cwd}: "npx @smoke-repair/cli init" writes a starter one, or pass ` +
    `--config FILE${extra}`
  );
}
