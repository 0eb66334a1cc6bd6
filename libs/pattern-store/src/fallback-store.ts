import { PatternStoreAuthError, PatternStoreUnavailableError } from './errors.js';
import type { PatternStoreLogger } from './logger.js';
import type { PatternStore, PatternStoreKind } from './types.js';

/** Whether an error means "the primary backend cannot be used right now". */
function isBackendDown(error: unknown): boolean {
  return error instanceof PatternStoreUnavailableError || error instanceof PatternStoreAuthError;
}

/** Options of `createFallbackStore`. */
export interface FallbackStoreOptions {
  /** The primary store, or the error opening it failed with. */
  primary: PatternStore | Error;
  /** Opens the store to continue on (the file store); called at most once. */
  openFallback: () => Promise<PatternStore>;
  /** Names the primary in messages. */
  primaryUri: string;
  logger: PatternStoreLogger;
}

/**
 * A store that uses the primary (Neo4j) until it is unreachable or refuses the credentials,
 * then warns once and continues on the fallback (file) store for good. Nothing is lost: the
 * fallback keeps the events, and `syncPatternStores(fallback, neo4j)` pushes them later.
 */
export async function createFallbackStore(options: FallbackStoreOptions): Promise<PatternStore> {
  let active: PatternStore | undefined = options.primary instanceof Error ? undefined : options.primary;
  let fallback: PatternStore | undefined;

  const switchOver = async (error: unknown): Promise<PatternStore> => {
    if (!fallback) {
      fallback = await options.openFallback();
      options.logger.warn(
        `${(error as Error).message}\nContinuing on ${fallback.uri}; learning is kept there. ` +
          `Push it to ${options.primaryUri} later with \`smoke-repair patterns sync --store ${options.primaryUri}\`.`,
      );
    }
    const previous = active;
    active = fallback;
    await previous?.close().catch(() => undefined);
    return fallback;
  };

  if (options.primary instanceof Error) {
    if (!isBackendDown(options.primary)) throw options.primary;
    await switchOver(options.primary);
  }

  async function call<T>(run: (store: PatternStore) => Promise<T>): Promise<T> {
    const store = active as PatternStore;
    try {
      return await run(store);
    } catch (error) {
      if (store === fallback || !isBackendDown(error)) throw error;
      return run(await switchOver(error));
    }
  }

  const store: PatternStore = {
    get kind(): PatternStoreKind {
      return (active as PatternStore).kind;
    },
    get uri(): string {
      return (active as PatternStore).uri;
    },
    recordAttempt: (input) => call((s) => s.recordAttempt(input)),
    recordOutcome: (input) => call((s) => s.recordOutcome(input)),
    findKnownFixes: (query) => call((s) => s.findKnownFixes(query)),
    promote: (opts) => call((s) => s.promote(opts)),
    retire: (id, opts) => call((s) => s.retire(id, opts)),
    get: (id) => call((s) => s.get(id)),
    show: (id) => call((s) => s.show(id)),
    list: (filter) => call((s) => s.list(filter)),
    stats: () => call((s) => s.stats()),
    exportEvents: () => (active as PatternStore).exportEvents(),
    importEvents: (events) => call((s) => s.importEvents(events)),
    async close() {
      await Promise.all([active?.close(), fallback?.close()]);
    },
  };
  return store;
}
