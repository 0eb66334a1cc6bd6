/**
 * Loads an OpenAPI document from a file or a URL (JSON or YAML) and builds its `ApiModel`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OpenApiInvalidError } from '../errors.js';
import { assertLoopbackUrl } from '../net/loopback.js';
import type { HttpClient } from '../http/http-client.js';
import { isUrl } from '../http/openapi/openapi-source.js';
import { buildApiModel, type ApiModel } from '../http/openapi/api-model.js';

/** Where and how to load the document from. */
export interface LoadOpenApiOptions {
  /** Directory relative file paths are resolved against. */
  readonly baseDir?: string;
  /** Needed for URLs. */
  readonly http?: HttpClient;
  readonly allowNonLoopback?: boolean;
  readonly timeoutMs?: number;
  /** Documents larger than this are refused, files and URLs alike (default 20 MiB). */
  readonly maxBytes?: number;
}

/** The default cap of a document's size: a file or an answer beyond it is refused, not read. */
export const OPENAPI_MAX_BYTES = 20 * 1024 * 1024;

/** A config value starting with "/" that is not an existing file is a path on the base URL. */
export function isUrlPath(source: string): boolean {
  return !existsSync(source);
}

/**
 * Reads, parses and validates the document at `source`. Throws `OpenApiInvalidError` (bad file,
 * bad JSON/YAML with its position, structural problems with their JSON path, external refs) or
 * `NonLoopbackTargetError`.
 */
export async function loadOpenApi(source: string, options: LoadOpenApiOptions = {}): Promise<ApiModel> {
  const maxBytes = options.maxBytes ?? OPENAPI_MAX_BYTES;
  let text: string;
  let label = source;
  if (isUrl(source)) {
    assertLoopbackUrl(source, options.allowNonLoopback ?? false);
    if (!options.http) throw new OpenApiInvalidError('no HTTP client given to fetch it', source);
    const response = await options.http.send({
      method: 'GET',
      url: source,
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' },
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBodyBytes: maxBytes,
    });
    if (!response.ok) throw new OpenApiInvalidError(`could not fetch it: ${response.message}`, source);
    if (response.status >= 400) throw new OpenApiInvalidError(`fetching it answered HTTP ${response.status}`, source);
    if (response.truncated) throw new OpenApiInvalidError(`it is larger than ${maxBytes} bytes`, source);
    text = response.body;
  } else {
    label = resolve(options.baseDir ?? process.cwd(), source);
    text = await readDocumentFile(label, maxBytes);
  }
  return buildApiModel(parseDocumentText(text, label), label);
}

// The size is checked before anything is read, as a URL's answer is cut at the cap; the read
// itself stops one byte past the cap too, for a file that grows in between.
async function readDocumentFile(path: string, maxBytes: number): Promise<string> {
  const tooLarge = () => new OpenApiInvalidError(`it is larger than ${maxBytes} bytes`, path);
  const chunks: Buffer[] = [];
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new OpenApiInvalidError('it is not a regular file', path);
    if (info.size > maxBytes) throw tooLarge();
    for await (const chunk of createReadStream(path, { start: 0, end: maxBytes })) chunks.push(chunk as Buffer);
  } catch (error) {
    if (error instanceof OpenApiInvalidError) throw error;
    throw new OpenApiInvalidError(`cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, path, {
      cause: error,
    });
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length > maxBytes) throw tooLarge();
  return bytes.toString('utf8');
}

/** Parses JSON (or YAML when it is not JSON); throws `OpenApiInvalidError` with the position. */
export function parseDocumentText(text: string, source: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new OpenApiInvalidError(`not valid JSON: ${(error as Error).message}`, source, { cause: error });
    }
  }
  if (/^<(!doctype|html)/i.test(trimmed))
    throw new OpenApiInvalidError('got an HTML page, not a JSON or YAML document', source);
  try {
    const value: unknown = parseYaml(text, { prettyErrors: true });
    if (value === null || typeof value !== 'object') throw new Error('the document is not an object');
    return value;
  } catch (error) {
    throw new OpenApiInvalidError(`not valid JSON or YAML: ${(error as Error).message}`, source, { cause: error });
  }
}
