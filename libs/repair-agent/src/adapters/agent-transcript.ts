import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactText } from '@smoke-repair/smoke-validator';
import type { AgentCommandResult } from './agent-command-runner.js';

/** What one agent run left to keep. */
export interface AgentRunRecord {
  readonly command: string;
  readonly result: AgentCommandResult;
  /** Agent state files it wrote in its copy (e.g. `.aider.chat.history.md`). */
  readonly state: ReadonlyMap<string, string>;
  /** Values replaced by `[REDACTED]` in everything kept (with token shapes, see `redactText`). */
  readonly secrets: readonly string[];
}

const STATE_LIMIT = 1_000_000;

/**
 * Writes `<dir>/<name>.log` (the command, how it ended, its stdout and stderr) and, for each
 * agent state file it wrote, `<dir>/<name>/<path>` — the agent's own transcript (Aider's chat
 * history) stays readable after the scratch copy is gone. Both are artifacts: redacted by value
 * (an agent prints its token, its chat history quotes the key). Returns the log's path.
 */
export async function keepTranscript(dir: string, name: string, run: AgentRunRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const { result } = run;
  const how = result.timedOut
    ? 'timed out'
    : result.aborted
      ? 'aborted'
      : result.exitCode === null
        ? `killed by ${result.signal ?? 'a signal'}`
        : `exit ${result.exitCode}`;
  const log = join(dir, `${name}.log`);
  await writeFile(
    log,
    redactText(
      `$ ${run.command}\n# ${how} after ${result.durationMs} ms\n\n## stdout\n${result.stdout}\n\n` +
        `## stderr\n${result.stderr}\n`,
      run.secrets,
    ),
  );
  for (const [path, content] of run.state) {
    if (content.length > STATE_LIMIT) continue;
    const target = join(dir, name, path);
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, redactText(content, run.secrets));
  }
  return log;
}
