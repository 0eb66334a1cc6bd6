/**
 * Loopback-only policy (DESIGN §5): a runner, probe or smoke target may only address this
 * machine unless the user opts in, so a misconfigured URL can never hit a real service.
 */
import { NonLoopbackTargetError } from '../errors.js';

/** True for `localhost`, `127.0.0.0/8` and `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/** Throws `NonLoopbackTargetError` unless `host` is loopback or `allowNonLoopback` is set. */
export function assertLoopbackHost(host: string, allowNonLoopback: boolean): void {
  if (!allowNonLoopback && !isLoopbackHost(host)) throw new NonLoopbackTargetError(host);
}

/** Throws `NonLoopbackTargetError` unless the URL's host is loopback or `allowNonLoopback` is set. */
export function assertLoopbackUrl(url: string, allowNonLoopback: boolean): void {
  if (!allowNonLoopback && !isLoopbackHost(new URL(url).hostname)) throw new NonLoopbackTargetError(url);
}

/** `http://host:port` with IPv6 hosts bracketed. */
export function httpOrigin(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}
