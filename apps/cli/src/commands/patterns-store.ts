import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findRepairLoopConfig, loadRepairLoopConfig } from '@smoke-repair/loop-controller';
import { PROJECT_STORE_PATH, openPatternStore, parseStoreUri, type PatternStore } from '@smoke-repair/pattern-store';
import { write, type CliIo } from '../io.js';

/**
 * The store `patterns` works on when `--store` is not given: the config's `patterns.store`
 * when a config is named (`--config`) or found in the working directory, else the project's
 * file store (`file:.smoke-repair/patterns.jsonl`).
 */
export async function defaultStoreUri(cwd: string, configFlag: string | undefined): Promise<string> {
  const path = configFlag ? resolve(cwd, configFlag) : findRepairLoopConfig(cwd);
  if (configFlag || existsSync(path)) return (await loadRepairLoopConfig(path)).patterns.store;
  return projectFileStore(cwd);
}

/** `file:<cwd>/.smoke-repair/patterns.jsonl`. */
export function projectFileStore(cwd: string): string {
  return `file:${resolve(cwd, PROJECT_STORE_PATH)}`;
}

/** A store URI with relative `file:` paths made absolute (validates the URI). */
export function absoluteStoreUri(uri: string, cwd: string): string {
  const location = parseStoreUri(uri, cwd);
  return location.kind === 'file' ? `file:${location.path}` : location.kind === 'memory' ? 'memory:' : uri;
}

/**
 * Opens a store for an admin command. No silent fallback: the user named this store, so a
 * Neo4j that is down or refuses the credentials is an error (exit 2), not another store.
 */
export function openAdminStore(uri: string, io: CliIo): Promise<PatternStore> {
  return openPatternStore(uri, {
    cwd: io.cwd,
    fallback: false,
    logger: { warn: (message) => void write(io.stderr, `smoke-repair: warning: ${message}\n`) },
  });
}
