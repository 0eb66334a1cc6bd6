import { Neo4jError } from 'neo4j-driver';
import { PatternStoreAuthError, PatternStoreUnavailableError } from '../errors.js';

const AUTH_CODES = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
  'Neo.ClientError.Security.TokenExpired',
]);
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/**
 * Maps the driver's connection and authentication failures to this package's errors (what the
 * fallback reacts to); anything else (a bug, a constraint) is returned unchanged.
 */
export function mapNeo4jError(error: unknown, url: string, user: string): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (AUTH_CODES.has(error.code)) {
    return new PatternStoreAuthError(
      `Neo4j at ${url} refused the credentials of user "${user}" (${error.code}). ` +
        'Set SMOKE_REPAIR_NEO4J_USER and SMOKE_REPAIR_NEO4J_PASSWORD (or NEO4J_USERNAME / NEO4J_PASSWORD).',
      { cause: error },
    );
  }
  if (UNAVAILABLE_CODES.has(error.code) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket|connection/i.test(error.message)) {
    return new PatternStoreUnavailableError(`Neo4j at ${url} is unavailable: ${error.message}`, { cause: error });
  }
  return error;
}
