/**
 * An in-memory CRUD API behind the `HttpClient` port, for unit tests: collections with ids,
 * nested collections, scripted failures per endpoint, and a log of what it "printed".
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../http-client.js';

/** A scripted failure: answer `status` (and log a traceback) for requests matching `match`. */
export interface FakeFault {
  readonly match: RegExp;
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
  /** Log `request_id=<id>` then a Python traceback naming this file:line. */
  readonly trace?: { readonly file: string; readonly line: number; readonly error: string };
  /** Only for the requests this accepts (by body, headers…); all matching ones by default. */
  readonly when?: (request: HttpRequest) => boolean;
}

/** The fake's log lines, as a runner would have captured them. */
interface FakeLogLine {
  readonly timeMs: number;
  readonly stream: 'stderr';
  readonly line: string;
}

/** A generic CRUD server: POST /x creates, GET /x lists, GET|PUT|DELETE /x/{id}, nested likewise. */
export function fakeCrudApi(
  faults: readonly FakeFault[] = [],
  options: { logIds?: boolean; now?: () => number; actions?: readonly string[] } = {},
) {
  const store = new Map<string, Map<string, Record<string, unknown>>>();
  const calls: HttpRequest[] = [];
  const log: FakeLogLine[] = [];
  let nextId = 1;
  const now = options.now ?? Date.now;
  const write = (line: string) => log.push({ timeMs: now(), stream: 'stderr', line });
  const client: HttpClient = {
    async send(request) {
      calls.push(request);
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/$/, '');
      const reply = (status: number, body: unknown, contentType = 'application/json'): HttpResponse => ({
        ok: true,
        status,
        headers: { 'content-type': contentType },
        body: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
        truncated: false,
        bytesRead: 0,
        startedAtMs: now(),
        durationMs: 1,
      });
      const id = request.headers['X-Request-ID'] ?? '-';
      const fault = faults.find((f) => f.match.test(`${request.method} ${path}`) && (f.when?.(request) ?? true));
      if (fault) {
        if (options.logIds !== false)
          write(`INFO request_id=${id} method=${request.method} path=${path} status=${fault.status}`);
        if (fault.trace) {
          write('Exception in ASGI application');
          write('Traceback (most recent call last):');
          write(`  File "/srv/app/${fault.trace.file}", line ${fault.trace.line}, in handler`);
          write('    do_it()');
          write(fault.trace.error);
        }
        return reply(fault.status, fault.body ?? { detail: 'boom' }, fault.contentType);
      }
      if (options.logIds !== false) write(`INFO request_id=${id} method=${request.method} path=${path}`);
      const segments = path.split('/').filter(Boolean);
      if (
        segments.length >= 3 &&
        /^\d+$/.test(segments[segments.length - 2]!) &&
        (options.actions ?? ['return']).includes(segments[segments.length - 1]!)
      ) {
        return reply(200, { ok: true });
      }
      const isCollection = segments.length % 2 === 1;
      const key = isCollection ? path : `/${segments.slice(0, -1).join('/')}`;
      const items = store.get(key) ?? new Map();
      store.set(key, items);
      if (isCollection) {
        if (request.method === 'POST') {
          const entity = { id: nextId++, ...(JSON.parse(request.body ?? '{}') as object) };
          items.set(String(entity.id), entity);
          return reply(201, entity);
        }
        if (request.method === 'GET') return reply(200, [...items.values()]);
        return reply(405, { detail: 'method not allowed' });
      }
      // Ids are numbers: another last segment matches no route, and the app's fallback says so.
      if (!/^\d+$/.test(segments[segments.length - 1]!)) return reply(404, { detail: `no route for ${path}` });
      const entity = items.get(segments[segments.length - 1]!);
      if (!entity) return reply(404, { detail: 'not found' });
      if (request.method === 'GET') return reply(200, entity);
      if (request.method === 'PUT') return reply(200, Object.assign(entity, JSON.parse(request.body ?? '{}')));
      if (request.method === 'DELETE') {
        items.delete(String(entity['id']));
        return reply(204, undefined);
      }
      return reply(405, {});
    },
  };
  return { client, calls, log, store };
}

/** A tiny OpenAPI 3.1 document for a library API (authors, books, loans, nested reviews). */
export function libraryOpenApi(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
  return {
    openapi: '3.1.0',
    info: { title: 'library', version: '1' },
    paths: {
      '/authors': {
        get: { responses: { '200': json({ type: 'array', items: ref('Author') }) } },
        post: { requestBody: json(ref('AuthorCreate')), responses: { '201': json(ref('Author')) } },
      },
      '/authors/{author_id}': {
        get: { parameters: [idParam('author_id')], responses: { '200': json(ref('Author')) } },
      },
      '/books': {
        get: {
          parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': json({ type: 'array', items: ref('Book') }) },
        },
        post: { requestBody: json(ref('BookCreate')), responses: { '201': json(ref('Book')) } },
      },
      '/books/{book_id}': {
        get: { parameters: [idParam('book_id')], responses: { '200': json(ref('Book')), '404': json({}) } },
        put: {
          parameters: [idParam('book_id')],
          requestBody: json(ref('BookCreate')),
          responses: { '200': json(ref('Book')) },
        },
        delete: { parameters: [idParam('book_id')], responses: { '204': { description: 'gone' } } },
      },
      '/books/{book_id}/reviews': {
        get: { parameters: [idParam('book_id')], responses: { '200': json({ type: 'array' }) } },
        post: {
          parameters: [idParam('book_id')],
          requestBody: json({
            type: 'object',
            required: ['stars'],
            properties: { stars: { type: 'integer', minimum: 1, maximum: 5 } },
          }),
          responses: { '201': json({ type: 'object' }) },
        },
      },
      '/books/{book_id}/reviews/{review_id}': {
        get: { parameters: [idParam('book_id'), idParam('review_id')], responses: { '200': json({ type: 'object' }) } },
      },
      '/loans': {
        post: {
          requestBody: json(ref('LoanCreate')),
          responses: { '201': json({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }) },
        },
        get: { responses: { '200': json({ type: 'array' }) } },
      },
      '/loans/{loan_id}/return': {
        post: { parameters: [idParam('loan_id')], responses: { '200': json({ type: 'object' }) } },
      },
    },
    components: {
      schemas: {
        AuthorCreate: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 2, maxLength: 40 } },
        },
        Author: {
          allOf: [ref('AuthorCreate'), { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }],
        },
        BookCreate: {
          type: 'object',
          required: ['title', 'authorId'],
          properties: {
            title: { type: 'string', examples: ['Dune'] },
            authorId: { type: 'integer' },
            isbn: { type: 'string', pattern: '^\\d{3}-\\d{10}$' },
          },
        },
        Book: {
          type: 'object',
          required: ['id', 'title'],
          properties: { id: { type: 'integer' }, title: { type: 'string' }, authorId: { type: 'integer' } },
        },
        LoanCreate: {
          type: 'object',
          required: ['book_id', 'member_email'],
          properties: { book_id: { type: 'integer' }, member_email: { type: 'string', format: 'email' } },
        },
      },
    },
  };
}
