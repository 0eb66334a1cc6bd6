import { openFilePatternStore } from './adapters/file-store.js';
import { openNeo4jPatternStore } from './adapters/neo4j-open.js';
import { createFallbackStore } from './fallback-store.js';
import { stderrLogger, type PatternStoreLogger } from './logger.js';
import { createMemoryPatternStore } from './memory-store.js';
import { defaultStoreUri, parseStoreUri } from './store-uri.js';
import type { ImportResult, PatternStore } from './types.js';

/** Options of `openPatternStore`. */
export interface OpenPatternStoreOptions {
  /** Warnings: skipped corrupt lines, stale locks, the Neo4j fallback. Default: stderr. */
  logger?: PatternStoreLogger;
  /** Where Neo4j credentials come from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Base of relative `file:` paths and of the default store. Default `process.cwd()`. */
  cwd?: string;
  /**
   * Neo4j only: the store to continue on when Neo4j is unreachable or refuses the credentials.
   * Default: the project's file store; `false` makes those failures throw instead (use it
   * for the target of `patterns sync`).
   */
  fallback?: string | false;
  /** File store: how long a write waits for another process's lock. Default 10 s. */
  lockTimeoutMs?: number;
  /** Neo4j tuning. */
  neo4j?: { maxConnectionPoolSize?: number; connectionTimeoutMs?: number; maxTransactionRetryTimeMs?: number };
}

/**
 * Opens a pattern store by URI: `memory:`, `file:PATH` (default
 * `file:.smoke-repair/patterns.jsonl`) or `neo4j://host:port[?database=name]` with credentials
 * from SMOKE_REPAIR_NEO4J_USER / SMOKE_REPAIR_NEO4J_PASSWORD (or NEO4J_USERNAME /
 * NEO4J_PASSWORD) and database from `?database=` or SMOKE_REPAIR_NEO4J_DATABASE.
 */
export async function openPatternStore(uri?: string, options: OpenPatternStoreOptions = {}): Promise<PatternStore> {
  const cwd = options.cwd ?? process.cwd();
  const logger = options.logger ?? stderrLogger;
  const env = options.env ?? process.env;
  const location = parseStoreUri(uri ?? defaultStoreUri(cwd), cwd);
  if (location.kind === 'memory') return createMemoryPatternStore();
  if (location.kind === 'file')
    return openFilePatternStore(location.path, { logger, lockTimeoutMs: options.lockTimeoutMs });

  const user = env['SMOKE_REPAIR_NEO4J_USER'] || env['NEO4J_USERNAME'] || 'neo4j';
  const open = openNeo4jPatternStore({
    url: location.url,
    database: location.database ?? (env['SMOKE_REPAIR_NEO4J_DATABASE'] || undefined),
    user,
    password: env['SMOKE_REPAIR_NEO4J_PASSWORD'] ?? env['NEO4J_PASSWORD'],
    logger,
    ...options.neo4j,
  });
  if (options.fallback === false) return open;
  const fallbackUri = options.fallback ?? defaultStoreUri(cwd);
  const primary = await open.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return createFallbackStore({
    primary,
    primaryUri: uri ?? location.url,
    logger,
    openFallback: () => openPatternStore(fallbackUri, { ...options, fallback: false }),
  });
}

/**
 * Pushes every event of `from` into `to`, idempotently (events `to` already has are counted as
 * duplicates): `patterns sync` after a Neo4j outage, or a migration between any two stores.
 */
export async function syncPatternStores(from: PatternStore, to: PatternStore): Promise<ImportResult> {
  return to.importEvents(from.exportEvents());
}
