/**
 * The loop's config file found and read from disk (`.json` parsed; `.mjs`/`.js`/`.ts` imported),
 * then validated by `parseRepairLoopConfig`.
 */
import { existsSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@smoke-repair/smoke-validator';
import { CONFIG_FILE_NAMES, parseRepairLoopConfig, type RepairLoopConfig } from '../config/loop-config.js';

/**
 * The config file to use in `dir` when none is named: the first of `CONFIG_FILE_NAMES` that
 * exists, else `smoke-repair.config.json` there (so the error names the usual file).
 */
export function findRepairLoopConfig(dir: string): string {
  const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  return resolve(found ?? join(dir, CONFIG_FILE_NAMES[0]));
}

/**
 * Reads and validates a config file; throws `ConfigError` naming the field. `.json` is parsed;
 * `.mjs`/`.js` is imported (its default export: the object, or a possibly async function
 * returning it); `.ts`/`.mts` is imported natively when Node strips types, else transpiled with
 * esbuild when the project (or smoke-repair) can resolve it, else refused with a hint to use .mjs.
 */
export async function loadRepairLoopConfig(
  path: string,
  options: { readonly loadTimeoutMs?: number } = {},
): Promise<RepairLoopConfig> {
  const configPath = resolve(path);
  const ext = extname(configPath).toLowerCase();
  if (['.mjs', '.js', '.ts', '.mts'].includes(ext)) {
    return parseRepairLoopConfig(
      await settleWithin(
        importConfigModule(configPath, ext),
        options.loadTimeoutMs ?? CONFIG_LOAD_TIMEOUT_MS,
        configPath,
      ),
      configPath,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code
          ? `cannot read it (${code})`
          : `not valid JSON: ${(error as Error).message}`;
    throw new ConfigError(why, configPath, { cause: error });
  }
  return parseRepairLoopConfig(raw, configPath);
}

/** How long a module config (its import and its default export's promise) may take to load. */
const CONFIG_LOAD_TIMEOUT_MS = 30_000;

// A default export whose promise never settles would leave nothing to run: Node would end the
// CLI with exit 13 and no word. The timer keeps it alive until the config is refused instead.
async function settleWithin<T>(loading: Promise<T>, timeoutMs: number, configPath: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConfigError(
            `it did not finish loading within ${timeoutMs} ms (a default export whose promise never settles?)`,
            configPath,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function importConfigModule(configPath: string, ext: string): Promise<unknown> {
  if (!existsSync(configPath)) throw new ConfigError('the file does not exist', configPath);
  const isTs = ext === '.ts' || ext === '.mts';
  let temp: string | undefined;
  try {
    let target = configPath;
    if (isTs && !(process.features as { typescript?: unknown }).typescript) {
      temp = await transpileTs(configPath);
      target = temp;
    }
    // The query defeats the module cache: a config edited between two loads is read again.
    const module = (await import(`${pathToFileURL(target).href}?t=${Date.now()}-${Math.random()}`)) as {
      default?: unknown;
    };
    if (!('default' in module)) throw new Error('it has no default export (export default { ... })');
    const value = module.default;
    // Awaited here, inside the try: a rejecting default export is a config error (exit 2).
    return await (typeof value === 'function'
      ? (value as (context: { configPath: string }) => unknown)({ configPath })
      : value);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot load it: ${(error as Error)?.message ?? String(error)}`, configPath, {
      cause: error,
    });
  } finally {
    if (temp) await unlink(temp).catch(() => undefined);
  }
}

// Node 20 cannot import TypeScript: bundle the config's own relative imports with esbuild
// (packages stay external) into a sibling .mjs, so bare imports resolve from the project.
async function transpileTs(configPath: string): Promise<string> {
  const esbuildPath = [configPath, import.meta.url]
    .map((from) => {
      try {
        return createRequire(from).resolve('esbuild');
      } catch {
        return undefined;
      }
    })
    .find(Boolean);
  if (!esbuildPath) {
    throw new ConfigError(
      `a .ts config needs Node ≥ 22.18 (type stripping) or the esbuild package in the project (npm i -D esbuild); ` +
        `or write it as ${basename(configPath).replace(/\.m?ts$/, '.mjs')}`,
      configPath,
    );
  }
  type Esbuild = { build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }> };
  const loaded = (await import(pathToFileURL(esbuildPath).href)) as Esbuild & { default?: Esbuild };
  const esbuild = typeof loaded.build === 'function' ? loaded : loaded.default!;
  const out = await esbuild.build({
    entryPoints: [configPath],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const temp = `${configPath}.timestamp-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.mjs`;
  await writeFile(temp, out.outputFiles[0]!.text);
  return temp;
}
