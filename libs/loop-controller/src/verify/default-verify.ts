// eslint-disable-next-line no-restricted-imports -- finds the verify bin beside this module; tests pass `bin`
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SmokeConfig } from '@smoke-repair/smoke-validator';
import { writeVerifySpec } from '../adapters/verify-spec.js';

/**
 * Where the verify bin is: beside this module once compiled (the library's dist/verify/, and the
 * CLI bundle's dist/, which ships it as a second entry); from the sources (tests), the library's
 * build. Null when neither exists.
 */
function verifyBinPath(): string | null {
  const candidates = [
    new URL('./verify-cause.js', import.meta.url),
    new URL('../../dist/verify/verify-cause.js', import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return null;
}

/** The default verify command and the paths it reads, or why there is none. */
export type DefaultVerify = { readonly command: string; readonly reads: readonly string[] } | { readonly none: string };

/**
 * The `repair.command.verifyCommand` the loop gives an agent when none is configured: this Node
 * running the verify bin on a spec of `config` (written into `dir`), the agent's copy (`{app}`)
 * and the cause's failing scenarios (`{scenarios}`). None when the smoke starts no app and runs no
 * test command (it checks an app running elsewhere, which an agent's copy cannot change), or the
 * bin is not there.
 */
export async function defaultVerifyCommand(
  config: SmokeConfig,
  dir: string,
  bin: string | null = verifyBinPath(),
): Promise<DefaultVerify> {
  if (config.app.runner.kind === 'none' && !config.smoke.testCommand)
    return { none: 'the smoke checks an app that runs elsewhere, not one started from your copy' };
  if (!bin) return { none: 'the verify program is not built' };
  const spec = join(dir, 'verify-spec.json');
  await writeVerifySpec(spec, config, config.app.root);
  const reads = [...new Set([dir, config.app.root, config.configDir])];
  return { command: `${quote(process.execPath)} ${quote(bin)} ${quote(spec)} {app} {scenarios}`, reads };
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
