import type { Readable, Writable } from 'node:stream';

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
