/** `smoke-repair.config.json` read from disk, then validated by `parseSmokeConfig`. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseSmokeConfig } from '../config/load-config.js';
import type { SmokeConfig } from '../config/smoke-config.js';

/** Reads and validates a config file; throws `ConfigError` naming the field. */
export async function loadSmokeConfig(path: string): Promise<SmokeConfig> {
  const configPath = resolve(path);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? 'the file does not exist' : `cannot read it (${code ?? String(error)})`,
      configPath,
      { cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON: ${(error as Error).message}`, configPath, { cause: error });
  }
  return parseSmokeConfig(raw, configPath);
}
