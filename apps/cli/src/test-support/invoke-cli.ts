// Runs the CLI in-process with captured stdout/stderr, as the command tests need it.
import { PassThrough, Readable } from 'node:stream';
import { run } from '../run.js';

/** The exit code and everything the command wrote. */
export interface CliOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `smoke-repair <argv>` in `cwd`, with `stdin` as its standard input. */
export async function invokeCli(argv: string[], cwd: string, stdin = ''): Promise<CliOutput> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  // An empty environment: what the commands print never depends on the runner's FORCE_COLOR or CI.
  const code = await run(argv, { stdin: Readable.from([stdin]), stdout, stderr, cwd, env: {} });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
