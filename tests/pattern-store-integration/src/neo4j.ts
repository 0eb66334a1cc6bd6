/**
 * Neo4j helpers for the integration tests. The tests never skip: without a server they fail
 * with instructions, because CI provisions one (tools/provision/neo4j.sh).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { openPatternStore, silentLogger, type PatternStore } from '@smoke-repair/pattern-store';

const root = join(import.meta.dirname, '..', '..', '..');

/** Bolt URL of the shared test server (the launcher's default). */
export const NEO4J_URL = process.env['SMOKE_REPAIR_NEO4J_URL'] ?? 'neo4j://127.0.0.1:7687';
/** Credentials the launcher sets up. */
const NEO4J_USER = process.env['SMOKE_REPAIR_NEO4J_USER'] ?? 'neo4j';
const NEO4J_PASSWORD = process.env['SMOKE_REPAIR_NEO4J_PASSWORD'] ?? 'smoke-repair-dev';
/** The environment a store reads its credentials from. */
export const NEO4J_ENV = { SMOKE_REPAIR_NEO4J_USER: NEO4J_USER, SMOKE_REPAIR_NEO4J_PASSWORD: NEO4J_PASSWORD };

/** Opens the shared server's store without fallback; throws a clear error when it is down. */
export async function openNeo4jStore(url = NEO4J_URL): Promise<PatternStore> {
  try {
    return await openPatternStore(url, { env: NEO4J_ENV, fallback: false, logger: silentLogger });
  } catch (error) {
    throw new Error(
      `Neo4j is not reachable at ${url}, so the Neo4j backend cannot be tested (these tests never skip). ` +
        `Start it with: bash tools/neo4j/start.sh   (or set SMOKE_REPAIR_NEO4J_URL / _USER / _PASSWORD)\n` +
        String(error),
      { cause: error },
    );
  }
}

/** Deletes every node of the test database (the launcher's database is for tests and development). */
export async function clearDatabase(url = NEO4J_URL): Promise<void> {
  const driver = neo4j.driver(url, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
  const session = driver.session();
  try {
    // CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not executeQuery.
    // Relationships first, in small transactions: a high-degree node's DETACH DELETE is one big one.
    await session.run('MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 5000 ROWS');
    await session.run('MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Starts (idempotently) a launcher instance on another port, for tests that stop and restart it. */
export function startInstance(port: number): void {
  execFileSync('bash', [join(root, 'tools', 'neo4j', 'start.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SMOKE_REPAIR_NEO4J_PASSWORD: NEO4J_PASSWORD },
  });
}

/** Stops that instance (a clean shutdown; its data stays for the restart). */
export function stopInstance(port: number): void {
  execFileSync('bash', [join(root, 'tools', 'neo4j', 'stop.sh'), '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
