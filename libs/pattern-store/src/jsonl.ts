import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { z } from 'zod';
import { PatternStoreImportError } from './errors.js';
import { patternEventSchema } from './schema.js';
import type { ImportResult, PatternEvent, PatternStore } from './types.js';

/** Parses one JSON Lines record; `line` (1-based) names it in the error. */
function parseEventLine(text: string, line: number): PatternEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PatternStoreImportError(line, `not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = patternEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new PatternStoreImportError(line, `not a pattern event:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Reads and validates a whole JSON Lines document (blank lines allowed). Throws
 * `PatternStoreImportError` naming the first bad line, before anything is imported.
 */
export async function readEventsJsonl(
  input: string | Readable | AsyncIterable<string | Buffer>,
): Promise<PatternEvent[]> {
  const stream = typeof input === 'string' ? Readable.from([input]) : Readable.from(input);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const events: PatternEvent[] = [];
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    events.push(parseEventLine(text, line));
  }
  return events;
}

/** Imports a JSON Lines export into a store, all or nothing on bad input; idempotent. */
export async function importPatternsJsonl(
  store: PatternStore,
  input: string | Readable | AsyncIterable<string | Buffer>,
): Promise<ImportResult> {
  return store.importEvents(await readEventsJsonl(input));
}

/** The store's events as JSON Lines (one `\n`-terminated string per event). */
export async function* exportPatternsJsonl(store: PatternStore): AsyncIterable<string> {
  for await (const event of store.exportEvents()) yield `${JSON.stringify(event)}\n`;
}

/** Writes the store's events as JSON Lines to a stream (e.g. stdout), honouring backpressure. */
export async function writePatternsJsonl(store: PatternStore, output: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  for await (const line of exportPatternsJsonl(store)) {
    count += 1;
    if (!output.write(line)) await once(output, 'drain');
  }
  return count;
}
