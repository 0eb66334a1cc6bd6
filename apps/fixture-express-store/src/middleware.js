import { randomUUID } from 'node:crypto';

/** X-Request-ID on every response and one access line per request on stderr. */
export function requestLog(req, res, next) {
  const id = /^[\w-]{1,64}$/.test(req.get('x-request-id') ?? '') ? req.get('x-request-id') : randomUUID();
  req.id = id;
  res.set('X-Request-ID', id);
  const started = Date.now();
  res.on('finish', () => {
    console.error(`request_id=${id} method=${req.method} path=${req.originalUrl} status=${res.statusCode} duration_ms=${Date.now() - started}`);
  });
  next();
}

/** Unhandled errors: the stack to stderr, a JSON 500 to the client. */
// eslint-disable-next-line no-unused-vars
export function errorHandler(err, req, res, next) {
  console.error(`request_id=${req.id} unhandled error`);
  console.error(err.stack);
  res.status(500).json({ detail: 'Internal Server Error' });
}
