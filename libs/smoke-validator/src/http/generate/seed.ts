/**
 * The seed of a smoke run: every value that must differ between runs (unique suffixes of example
 * values, synthetic strings, request ids) is derived from it, so one seed replays a run's
 * requests byte for byte. Without a configured seed, each run takes a fresh one.
 */
import { createHash } from 'node:crypto';

let lastSeed = '';
let repeats = 0;

/**
 * A fresh seed from the clock and the process id, base 36 (`mioe3k2f.1a2b`); a second one in the
 * same millisecond of the same process gets a counter (`mioe3k2f.1a2b-1`).
 */
export function freshSeed(now: number = Date.now(), pid: number = process.pid): string {
  const seed = `${now.toString(36)}.${pid.toString(36)}`;
  repeats = seed === lastSeed ? repeats + 1 : 0;
  lastSeed = seed;
  return repeats === 0 ? seed : `${seed}-${repeats}`;
}

function digest(seed: string, parts: readonly string[]): Buffer {
  return createHash('sha256')
    .update([seed, ...parts].join('\u0000'))
    .digest();
}

/** `length` (≤ 12) lower-case base-36 characters derived from `seed` and `parts`. */
export function seededToken(seed: string, parts: readonly string[], length = 6): string {
  const bytes = digest(seed, parts);
  let out = '';
  for (let i = 0; i < length; i++) out += (bytes[i]! % 36).toString(36);
  return out;
}

/** `length` (≤ 12) decimal digits derived from `seed` and `parts`. */
export function seededDigits(seed: string, parts: readonly string[], length = 6): string {
  const bytes = digest(seed, ['digits', ...parts]);
  let out = '';
  for (let i = 0; i < length; i++) out += String(bytes[i]! % 10);
  return out;
}

/** A version-4-shaped UUID derived from `seed` and `parts` (request ids that replay). */
export function seededUuid(seed: string, parts: readonly string[]): string {
  const hex = digest(seed, ['uuid', ...parts])
    .toString('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '4';
  hex[16] = '89ab'[parseInt(hex[16]!, 16) % 4]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
