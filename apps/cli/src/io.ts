import type { Readable, Writable } from 'node:stream';
import { redactText } from '@smoke-repair/smoke-validator';

/** The process streams a command uses; tests pass in-memory ones. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Working directory for relative paths. */
  readonly cwd: string;
  /** Environment read for terminal decisions (NO_COLOR, FORCE_COLOR, TERM, CI); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Writes text and waits for the stream to take it (keeps huge outputs bounded in memory). */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

/**
 * `stream`, with every string written through `redactText(…, secrets)` (configured header
 * values, env secrets, token shapes); everything else about the stream (isTTY, columns, events)
 * is the stream's own.
 */
export function redactingStream(stream: Writable, secrets: readonly string[]): Writable {
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean).call(
            target,
            typeof chunk === 'string' ? redactText(chunk, secrets) : chunk,
            ...rest,
          );
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
