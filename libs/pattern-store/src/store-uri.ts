import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PatternStoreUriError } from './errors.js';

/** A parsed store URI. Neo4j credentials never live in it (they come from the environment). */
export type StoreLocation =
  | { kind: 'memory' }
  | { kind: 'file'; path: string }
  | { kind: 'neo4j'; url: string; database: string | undefined };

/** Where the embedded file store lives in a project: `.smoke-repair/patterns.jsonl`. */
export const PROJECT_STORE_PATH = join('.smoke-repair', 'patterns.jsonl');

/** The project's default store URI (`file:<projectDir>/.smoke-repair/patterns.jsonl`). */
export function defaultStoreUri(projectDir: string = process.cwd()): string {
  return `file:${resolve(projectDir, PROJECT_STORE_PATH)}`;
}

/** A user-level store (`$XDG_DATA_HOME/smoke-repair/patterns.jsonl`, else `~/.local/share/...`). */
export function userStoreUri(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return `file:${join(base, 'smoke-repair', 'patterns.jsonl')}`;
}

const neo4jSchemes = ['neo4j:', 'neo4j+s:', 'neo4j+ssc:', 'bolt:', 'bolt+s:', 'bolt+ssc:'];

const neo4jUrlSchema = z
  .url({ protocol: /^(neo4j|bolt)(\+s|\+ssc)?$/, error: 'expected neo4j://host:port or bolt://host:port' })
  .refine((value) => !new URL(value).username && !new URL(value).password, {
    error: 'credentials do not belong in the URI; set SMOKE_REPAIR_NEO4J_USER and SMOKE_REPAIR_NEO4J_PASSWORD',
  });

/**
 * Parses `memory:`, `file:PATH` (relative to `cwd`; `file:///abs` too) or
 * `neo4j://host:port[?database=name]` (also bolt://, +s, +ssc).
 */
export function parseStoreUri(uri: string, cwd: string = process.cwd()): StoreLocation {
  const trimmed = uri.trim();
  if (trimmed === 'memory:' || trimmed === 'memory') return { kind: 'memory' };
  if (trimmed.startsWith('file:')) {
    const rest = trimmed.slice('file:'.length);
    const path = rest.startsWith('//') ? fileURLToPath(trimmed) : rest;
    if (path === '')
      throw new PatternStoreUriError(`store URI ${uri}: file: needs a path, e.g. file:.smoke-repair/patterns.jsonl`);
    return { kind: 'file', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (neo4jSchemes.some((scheme) => trimmed.startsWith(scheme))) {
    const parsed = neo4jUrlSchema.safeParse(trimmed);
    if (!parsed.success) throw new PatternStoreUriError(`store URI ${uri}:\n${z.prettifyError(parsed.error)}`);
    const url = new URL(parsed.data);
    const database = url.searchParams.get('database') ?? undefined;
    return { kind: 'neo4j', url: `${url.protocol}//${url.host}`, database };
  }
  throw new PatternStoreUriError(
    `unknown store URI ${JSON.stringify(uri)}: expected memory:, file:PATH or neo4j://host:port`,
  );
}
