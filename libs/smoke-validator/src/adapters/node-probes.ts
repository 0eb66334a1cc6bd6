/**
 * Node implementations of the probe ports: HTTP GET via fetch, TCP checks via node:net, and
 * the real clock.
 */
import { createConnection, createServer } from 'node:net';
import type { Clock, HttpProbe, PortProbe } from '../runner/ports.js';

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Body bytes kept from a probe reply; health and meta answers are small. */
const MAX_BODY_CHARS = 65_536;

/** HTTP GET with a timeout, following no redirects (a redirect is an answer). */
export const fetchHttpProbe: HttpProbe = {
  async get(url, timeoutMs) {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { status: response.status, body: body.slice(0, MAX_BODY_CHARS) };
  },
};

/** TCP checks with node:net. */
export const netPortProbe: PortProbe = {
  isFree: (host, port) =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') resolve(false);
        else reject(error);
      });
      // exclusive: never share a port with a cluster primary in this process.
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
    }),
  accepts: (host, port, timeoutMs) =>
    new Promise((resolve) => {
      const socket = createConnection({ host, port });
      const finish = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => finish(false));
      socket.once('connect', () => finish(true));
      socket.once('error', () => finish(false));
    }),
};
