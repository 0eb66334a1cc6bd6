import neo4j from 'neo4j-driver';
import type { PatternStoreLogger } from '../logger.js';
import type { PatternStore } from '../types.js';
import { SCHEMA_STATEMENTS } from './neo4j-cypher.js';
import { mapNeo4jError } from './neo4j-errors.js';
import { Neo4jPatternStore } from './neo4j-store.js';

/** Connection settings of the Neo4j backend. */
export interface Neo4jPatternStoreOptions {
  /** neo4j://host:port or bolt://host:port. */
  url: string;
  user: string;
  password: string | undefined;
  /** Default: the server's default database. */
  database?: string;
  logger: PatternStoreLogger;
  /** Default 20. */
  maxConnectionPoolSize?: number;
  /** Default 5000 ms. */
  connectionTimeoutMs?: number;
  /** How long transactions are retried on transient errors. Default 5000 ms. */
  maxTransactionRetryTimeMs?: number;
}

/**
 * Connects to Neo4j (verifying connectivity and credentials), creates the constraints and
 * indexes if missing, and returns the store. Throws `PatternStoreUnavailableError` or
 * `PatternStoreAuthError` when the server cannot be used.
 */
export async function openNeo4jPatternStore(options: Neo4jPatternStoreOptions): Promise<PatternStore> {
  const auth =
    options.password === undefined
      ? neo4j.auth.basic(options.user, '')
      : neo4j.auth.basic(options.user, options.password);
  const driver = neo4j.driver(options.url, auth, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: options.maxConnectionPoolSize ?? 20,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    connectionAcquisitionTimeout: (options.connectionTimeoutMs ?? 5_000) * 2,
    maxTransactionRetryTime: options.maxTransactionRetryTimeMs ?? 5_000,
    logging: { level: 'error', logger: () => undefined },
  });
  try {
    await driver.verifyConnectivity({ database: options.database });
    const session = driver.session({ database: options.database });
    try {
      for (const statement of SCHEMA_STATEMENTS) await session.run(statement);
      await session.run('CALL db.awaitIndexes(60)');
    } finally {
      await session.close();
    }
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw mapNeo4jError(error, options.url, options.user);
  }
  return new Neo4jPatternStore(driver, options);
}
