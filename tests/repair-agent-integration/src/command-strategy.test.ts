/**
 * The agent-command strategy end to end: real commands in a scratch copy of a real Python app
 * (the user's tree is never the working directory), the engine's patch policy, process-group
 * kills checked through /proc.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCommandStrategy,
  repairFromSmokeViolations,
  type CommandStrategyOptions,
  type RepairResult,
} from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { captureViolation, copyApp, snapshot } from './support/llm-app.js';

let violation: Violation;
let scratch: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  const capture = copyApp('capture');
  cleanups.push(capture.cleanup);
  violation = await captureViolation(capture.root);
  scratch = mkdtempSync(join(tmpdir(), 'repair-agent-it-command-out-'));
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
});

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

async function repairWith(
  options: CommandStrategyOptions,
): Promise<{ result: RepairResult; root: string; elapsedMs: number }> {
  const app = copyApp('command');
  cleanups.push(app.cleanup);
  const before = snapshot(app.root);
  const started = Date.now();
  // Unconfined: these tests watch the agent from outside (files it writes to $OUT, its pids in
  // this host's /proc), which bubblewrap hides by design; agent-confinement.test.ts tests that.
  const result = await repairFromSmokeViolations([violation], {
    appRoot: app.root,
    strategies: [createCommandStrategy({ confine: 'off', ...options })],
  });
  const elapsedMs = Date.now() - started;
  expect(snapshot(app.root)).toEqual(before);
  return { result, root: app.root, elapsedMs };
}

/** True while a process with this pid exists and is not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

// A fixer in Python: reads the context from stdin, checks the prompt file, fixes the culprit line.
const FIXER = `
import json, os, sys
ctx = json.load(sys.stdin)
prompt = open(os.environ["SMOKE_REPAIR_PROMPT_FILE"]).read()
with open(os.environ["SMOKE_REPAIR_CONTEXT_FILE"]) as f:
    assert json.load(f) == ctx
assert "Edit the files in the current directory" in prompt and "return totl" in prompt, prompt
assert not os.path.abspath(os.environ["SMOKE_REPAIR_PROMPT_FILE"]).startswith(os.getcwd() + os.sep)
with open(os.path.join(os.environ["OUT"], "seen.json"), "w") as f:
    json.dump(
        {
            "cwd": os.getcwd(),
            "culprit": ctx["culprit"],
            "attempt": os.environ["SMOKE_REPAIR_ATTEMPT"],
            "keys": sorted(ctx),
        },
        f,
    )
path = ctx["culprit"]["file"]
lines = open(path).read().split("\\n")
lines[ctx["culprit"]["line"] - 1] = lines[ctx["culprit"]["line"] - 1].replace("totl", "total")
open(path, "w").write("\\n".join(lines))
print("fixed", path)
`;

describe('agent-command strategy', () => {
  it(`a command that fixes the code: patched, from a scratch copy, with the context on stdin and in \
files`, async () => {
    const { result, root } = await repairWith({
      command: ['python3', '-c', FIXER],
      env: { OUT: scratch },
      timeoutMs: 30_000,
    });
    expect(result.attempts[0]).toMatchObject({ strategy: 'command', outcome: 'patched' });
    expect(result.patches).toHaveLength(1);
    expect(result.patches[0]!.files).toEqual(['app/services/orders.py']);
    expect(result.patches[0]!.diff).toContain('-    return totl\n+    return total\n');
    const seen = JSON.parse(readFileSync(join(scratch, 'seen.json'), 'utf8')) as {
      cwd: string;
      culprit: unknown;
      attempt: string;
      keys: string[];
    };
    expect(seen.cwd).not.toBe(root);
    expect(seen.cwd.startsWith(root)).toBe(false);
    expect(seen.culprit).toEqual({ file: 'app/services/orders.py', line: 8, function: 'order_total' });
    expect(seen.attempt).toBe('1');
    expect(seen.keys).toEqual(
      expect.arrayContaining(['code', 'frames', 'requests', 'openapi', 'previousAttempts', 'policy']),
    );
    // The scratch copy is gone afterwards.
    expect(existsSync(seen.cwd)).toBe(false);
  });

  it('a command that edits tests: rejected as a protected path', async () => {
    const { result } = await repairWith({
      command: `sed -i 's/== 6/== 7/' tests/test_orders.py && sed -i 's/totl/total/' app/services/orders.py`,
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      strategy: 'command',
      outcome: 'rejected',
      detail: 'tests/test_orders.py is protected (tests/**)',
    });
  });

  it('a command that hangs: its whole process group is killed at the timeout', async () => {
    const pids = join(scratch, 'hang.pids');
    const { result, elapsedMs } = await repairWith({
      command: `sleep 300 & echo $! >> ${pids}; echo $$ >> ${pids}; sleep 300`,
      timeoutMs: 1_000,
      killGraceMs: 200,
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/did not finish within 1000 ms; its process group was killed/),
    });
    expect(elapsedMs).toBeLessThan(5_000);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started).toHaveLength(2);
    for (const pid of started) expect(isAlive(pid)).toBe(false);
  });

  it('a command that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
    const pids = join(scratch, 'stubborn.pids');
    const { result } = await repairWith({
      command: `trap '' TERM; echo $$ >> ${pids}; while true; do sleep 0.1; done`,
      timeoutMs: 800,
      killGraceMs: 300,
    });
    expect(result.attempts[0]!.outcome).toBe('failed');
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) expect(isAlive(pid)).toBe(false);
  });

  it('a command that exits but leaves a background child: the child does not survive', async () => {
    const pids = join(scratch, 'orphan.pids');
    const { result, elapsedMs } = await repairWith({
      command: `sleep 300 & echo $! >> ${pids}; sed -i 's/totl/total/' app/services/orders.py`,
      timeoutMs: 30_000,
    });
    expect(result.attempts[0]!.outcome).toBe('patched');
    expect(elapsedMs).toBeLessThan(10_000);
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) expect(isAlive(pid)).toBe(false);
  });

  it('a command that exits non-zero: failed with the tail of its stderr', async () => {
    const { result } = await repairWith({
      command: `sed -i 's/totl/total/' app/services/orders.py; echo 'model quota exhausted' >&2; exit 3`,
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/exited with 3: model quota exhausted$/),
    });
  });

  it('a command that changes nothing: no proposal', async () => {
    const { result } = await repairWith({ command: 'true' });
    expect(result.attempts[0]!.outcome).toBe('no_proposal');
  });

  it('a command that deletes a file: failed, deletions are not collected', async () => {
    const { result } = await repairWith({ command: 'rm app/models.py' });
    expect(result.attempts[0]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/deleted app\/models\.py/),
    });
  });

  it(`agent state stays out of the patch, kept with the transcript; the env names culprit, verify command and \
endpoint`, async () => {
    const transcripts = mkdtempSync(join(tmpdir(), 'repair-agent-it-transcripts-'));
    cleanups.push(() => rmSync(transcripts, { recursive: true, force: true }));
    const agent = [
      `env | grep -E '^(SMOKE_REPAIR_(CULPRIT_FILE|CULPRIT_LINE|VERIFY_CMD|MODEL)|` +
        `OPENAI_(API_BASE|BASE_URL|API_KEY))=' | sort > "$OUT/env.txt"`,
      `echo '# aider chat' > .aider.chat.history.md`,
      `mkdir -p .aider.tags.cache.v4 .codex notes`,
      `echo x > .aider.tags.cache.v4/cache.db`,
      `echo '{}' > .codex/session.json`,
      `echo n > notes/agent.md`,
      `sed -i 's/totl/total/' "$SMOKE_REPAIR_CULPRIT_FILE"`,
      `echo 'Tokens: 2.5k sent, 120 received. Cost: $0.01 message, $0.02 session.'`,
    ].join(' && ');
    process.env['IT_AGENT_KEY'] = 'sk-test-123';
    const { result } = await repairWith({
      command: agent,
      env: { OUT: scratch },
      stateExclude: ['notes/agent.md'],
      verifyCommand: 'pytest -q {app}/tests -k {endpoints}',
      llm: { baseUrl: 'http://127.0.0.1:9/v1/', model: 'qwen-coder', apiKeyEnv: 'IT_AGENT_KEY' },
      transcriptDir: transcripts,
    });
    delete process.env['IT_AGENT_KEY'];
    expect(result.attempts[0]).toMatchObject({
      outcome: 'patched',
      usage: { promptTokens: 2500, completionTokens: 120, costUsd: 0.01 },
    });
    expect(result.patches[0]!.files).toEqual(['app/services/orders.py']);
    const env = readFileSync(join(scratch, 'env.txt'), 'utf8');
    expect(env).toContain('SMOKE_REPAIR_CULPRIT_FILE=app/services/orders.py\n');
    expect(env).toContain('SMOKE_REPAIR_CULPRIT_LINE=8\n');
    expect(env).toContain('OPENAI_API_BASE=http://127.0.0.1:9/v1\n');
    expect(env).toContain('OPENAI_BASE_URL=http://127.0.0.1:9/v1\n');
    expect(env).toContain('OPENAI_API_KEY=sk-test-123\n');
    expect(env).toContain('SMOKE_REPAIR_MODEL=qwen-coder\n');
    expect(env).toMatch(/^SMOKE_REPAIR_VERIFY_CMD=pytest -q \/\S+\/app\/tests -k '.+'$/m);
    const log = readFileSync(join(transcripts, `${result.attempts[0]!.rootCause.slice(0, 12)}-1.log`), 'utf8');
    expect(log).toContain('Tokens: 2.5k sent');
    expect(
      readFileSync(
        join(transcripts, `${result.attempts[0]!.rootCause.slice(0, 12)}-1`, '.aider.chat.history.md'),
        'utf8',
      ),
    ).toBe('# aider chat\n');
  });
});
