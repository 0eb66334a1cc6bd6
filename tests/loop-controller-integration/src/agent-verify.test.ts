/**
 * The default `$SMOKE_REPAIR_VERIFY_CMD`: with no `repair.command.verifyCommand` configured, the
 * loop hands the agent a command that starts the app from the agent's own scratch copy (on a
 * port of its own: the loop's app holds the configured one) and judges the root cause's failing
 * scenarios. An agent script (no LLM) runs it before and after its edit: its transcript shows the
 * scenario fail, then pass; the prompt tells it to; the user's tree gets the fix at the end.
 * Run confined when bubblewrap works here (the default `confine: auto`), else unconfined.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import { tinyAppCopy } from './support/apps.js';
import { killLeftovers, portOpen, processesUnder, runCli } from './support/processes.js';

const base = mkdtempSync(join(tmpdir(), 'loop-agent-verify-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('the default verify command of an agent', () => {
  it('starts the app from the agent copy: FAIL before the edit, PASS after, and the fix lands', async () => {
    const app = await tinyAppCopy(base, 'verify', { agent: 'verify-fix-verify.sh', agentTimeoutMs: 60_000 });
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(0);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('passed');
    expect(readFileSync(join(app.dir, 'routes.py'), 'utf8')).toContain('len(rows)}');

    const transcripts = readdirSync(join(app.artifacts, 'agent')).filter((f) => f.endsWith('.log'));
    expect(transcripts).toHaveLength(1);
    const transcript = readFileSync(join(app.artifacts, 'agent', transcripts[0]!), 'utf8');
    // The prompt told it to (the agent script prints the line it found).
    expect(transcript).toContain('run `$SMOKE_REPAIR_VERIFY_CMD`: it starts the app from this copy');
    // Before the edit the failing scenario fails against the copy, after it passes; only it is judged.
    expect(transcript).toMatch(/FAIL items: server_error[^\n]*\n0 of 1 passed\nverify before exited 1\n/);
    expect(transcript).toMatch(/PASS items\n1 of 1 passed\nverify after exited 0/);
    expect(transcript).not.toMatch(/PASS stock|PASS prices/);
    // Its own port, not the loop's.
    expect(transcript).not.toContain(`:${app.port}`);
    expect(processesUnder(base)).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  }, 120_000);
});
