/**
 * Runs a short user-given shell command (a freshness probe or restart, `ss`) to completion
 * with a timeout, capturing its output. Failures are values, not exceptions.
 */
import { execa } from 'execa';
import { captureStream } from '../output/capture-stream.js';
import type { CommandRunner } from '../runner/ports.js';

/** Output kept from a command (per stream); probes print a line or a small JSON document. */
const MAX_OUTPUT = 1_000_000;

/** The execa-based command runner; on timeout the command gets SIGTERM, then SIGKILL 2 s later. */
export const runCommand: CommandRunner = async (command, options) => {
  const shell = typeof command === 'string';
  const [file, ...args] = shell ? [command as string] : (command as readonly string[]);
  // Captured here, not by execa: its maxBuffer kills a command that prints more.
  const subprocess = execa(file as string, args, {
    cwd: options.cwd,
    env: options.env,
    shell,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs,
    buffer: false,
    forceKillAfterDelay: 2_000,
  });
  const stdout = captureStream(subprocess.stdout, MAX_OUTPUT);
  const stderr = captureStream(subprocess.stderr, MAX_OUTPUT);
  const result = await subprocess;
  return {
    exitCode: result.exitCode ?? null,
    stdout: stdout.text(),
    stderr: stderr.text(),
    timedOut: result.timedOut,
    ...(result.failed && result.exitCode === undefined ? { error: result.shortMessage } : {}),
  };
};
