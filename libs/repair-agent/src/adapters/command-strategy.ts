import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeScratchDir, runSecrets } from '@smoke-repair/smoke-validator';
import { initScratchRepo, runAgentCommand } from './agent-command-runner.js';
import { bwrapArgs, findConfinement } from './agent-confinement.js';
import { RepairAgentError } from '../errors.js';
import type { RepairStrategy } from '../strategies/strategy.js';
import { repairInstructions, renderRepairContext } from '../strategies/llm/prompt.js';
import { buildRepairContext } from '../strategies/llm/repair-context.js';
import { agentEnv } from '../strategies/command/agent-env.js';
import { AGENT_STATE_PATTERNS } from '../strategies/command/agent-state.js';
import { keepTranscript } from './agent-transcript.js';
import { agentUsage } from '../strategies/command/agent-usage.js';
import { commandLabel } from '../strategies/command/command-label.js';
import {
  parseCommandStrategyOptions,
  type CommandStrategyDefaults,
  type CommandStrategyOptions,
} from '../strategies/command/command-options.js';
import { collectChanges, materializeTree } from './scratch-app.js';

const TAIL = 2_000;

/**
 * Strategy 4: runs a user-given command (an AI coding CLI, a script) in a scratch copy of the
 * app — never the user's tree — with the repair context as JSON on stdin and in
 * `$SMOKE_REPAIR_CONTEXT_FILE`, and as a Markdown prompt in `$SMOKE_REPAIR_PROMPT_FILE` (both in
 * a temp folder outside the copy). Whatever it changes in the copy is written to the overlay
 * tree — except agent state (`.aider*`, `.codex`, `.claude`, `.openhands*`, `stateExclude`),
 * kept with the transcript in `transcriptDir` instead; the engine diffs it and enforces the
 * patch policy. Confined under bubblewrap when the machine allows it (`confine`, `network`): it can
 * write its copy, its prompt folder and a private /tmp only. Token use the agent printed becomes the attempt's usage. A
 * hard timeout kills the whole process group; a non-zero exit fails the attempt with the tail of stderr.
 */
export function createCommandStrategy(
  input: CommandStrategyOptions,
  defaults: CommandStrategyDefaults = {},
): RepairStrategy {
  const parsed = parseCommandStrategyOptions(input);
  const verify = parsed.verifyCommand ?? defaults.verifyCommand;
  const options = Object.freeze({ ...parsed, ...(verify ? { verifyCommand: verify } : {}) });
  const shortLabel = commandLabel(options.command);
  return {
    name: 'command',
    async propose(cause, context) {
      // Owned: the scratch copy of a run killed mid-command is removed by the next run.
      const work = await makeScratchDir('smoke-repair-command-');
      try {
        const appDir = join(work, 'app');
        const ioDir = join(work, 'io');
        await mkdir(appDir);
        await mkdir(ioDir);
        const before = await materializeTree(context.tree, appDir);
        await initScratchRepo(appDir);
        const doc = await buildRepairContext(
          cause,
          context,
          options.openapi !== undefined ? { openapi: options.openapi } : {},
        );
        const json = `${JSON.stringify(doc, null, 2)}\n`;
        const contextFile = join(ioDir, 'smoke-repair-context.json');
        const promptFile = join(ioDir, options.promptFile);
        await writeFile(contextFile, json);
        const verifyKind = verify ? (parsed.verifyCommand ? 'configured' : 'default') : null;
        await writeFile(
          promptFile,
          `${repairInstructions(doc, 'edit')}\n` +
            `\n${verifyNote(verifyKind, defaults.noVerifyReason)}\n` +
            `\n${renderRepairContext(doc)}`,
        );
        const confinement = options.confine === 'off' ? null : await findConfinement(options.network);
        if (confinement?.kind === 'none' && options.confine === 'required') {
          throw new RepairAgentError(
            'SMOKE_COMMAND_UNCONFINED',
            `command: ${shortLabel} not run: repair.command.confine is "required" and ${confinement.reason}`,
          );
        }
        const wrap =
          confinement?.kind === 'bwrap'
            ? bwrapArgs(
                confinement.bwrap,
                { appDir, ioDir, ...(defaults.verifyReads ? { readOnly: defaults.verifyReads } : {}) },
                options.network,
              )
            : undefined;
        // Confined, its temp files go to its private /tmp (the inherited TMPDIR is read-only there).
        const env = {
          ...agentEnv(options, cause, context, { appDir, promptFile, contextFile }),
          ...(wrap ? { TMPDIR: '/tmp' } : {}),
        };
        const result = await runAgentCommand({
          command: options.command,
          cwd: appDir,
          input: json,
          env,
          ...(wrap ? { wrap } : {}),
          timeoutMs: options.timeoutMs,
          killGraceMs: options.killGraceMs,
          ...(context.signal ? { signal: context.signal } : {}),
        });
        const changes = await collectChanges(appDir, before, [...AGENT_STATE_PATTERNS, ...options.stateExclude]);
        if (options.transcriptDir)
          await keepTranscript(options.transcriptDir, `${cause.id.slice(0, 12)}-${context.attempt}`, {
            command: shortLabel,
            result,
            state: changes.state,
            secrets: [...options.secrets, ...runSecrets({ runnerEnv: env, commands: [options.command] })],
          });
        if (result.aborted)
          throw (
            context.signal?.reason ??
            new RepairAgentError('SMOKE_COMMAND_ABORTED', `command: ${shortLabel} was aborted`)
          );
        if (result.timedOut) {
          throw new RepairAgentError(
            'SMOKE_COMMAND_TIMEOUT',
            `command: ${shortLabel} did not finish within ${options.timeoutMs} ms; its process group was killed`,
          );
        }
        if (result.exitCode !== 0) {
          const how =
            result.exitCode === null
              ? `was killed by ${result.signal ?? 'a signal'}`
              : `exited with ${result.exitCode}`;
          throw new RepairAgentError(
            'SMOKE_COMMAND_FAILED',
            `command: ${shortLabel} ${how}${tail(result.stderr || result.stdout)}`,
          );
        }
        if (changes.deleted.length > 0) {
          throw new RepairAgentError(
            'SMOKE_COMMAND_DELETED_FILES',
            `command: ${shortLabel} deleted ${changes.deleted.join(', ')}; deletions are not supported`,
          );
        }
        if (changes.changed.size === 0) return null;
        for (const [path, content] of changes.changed) await context.tree.write(path, content);
        const usage = agentUsage(`${result.stdout}\n${result.stderr}`);
        return {
          summary: `command ${shortLabel} changed ${[...changes.changed.keys()].join(', ')}`,
          ...(usage ? { usage } : {}),
        };
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}

// What the prompt says about checking the fix: an agent that can run the failing checks should.
function verifyNote(verify: 'configured' | 'default' | null, noVerifyReason: string | undefined): string {
  if (verify === 'configured')
    return 'To check your fix, run `$SMOKE_REPAIR_VERIFY_CMD` (it runs the failing checks against this copy).';
  if (verify === 'default')
    return (
      'To check your fix, run `$SMOKE_REPAIR_VERIFY_CMD`: it starts the app from this copy, runs the failing ' +
      'checks, prints PASS or FAIL for each, and exits non-zero while one fails.'
    );
  return (
    `There is no command here to check your fix (${noVerifyReason ?? 'no verify command is configured'}): ` +
    `reason from the code and the failure below.`
  );
}

function tail(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return `: ${trimmed.length > TAIL ? `…${trimmed.slice(-TAIL)}` : trimmed}`;
}
