import { describe, expect, it } from 'vitest';
import { MAX_CAPTURED_OUTPUT_BYTES } from '@smoke-repair/smoke-validator';
import { runAgentCommand } from './agent-command-runner.js';

const run = (command: string) =>
  runAgentCommand({ command, cwd: process.cwd(), input: '', env: {}, timeoutMs: 60_000, killGraceMs: 1_000 });

describe('runAgentCommand output', () => {
  it('keeps exactly MAX_CAPTURED_OUTPUT_BYTES of output whole', async () => {
    const result = await run(`head -c ${MAX_CAPTURED_OUTPUT_BYTES} /dev/zero | tr '\\0' a`);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('a'.repeat(MAX_CAPTURED_OUTPUT_BYTES));
  });

  it(`keeps head and tail of output one byte over the cap, marks the byte it left out, and lets the agent \
finish`, async () => {
    // execa's maxBuffer killed an agent that printed more than 16 MiB; now it runs to its end.
    const result = await run(
      `head -c ${MAX_CAPTURED_OUTPUT_BYTES} /dev/zero | tr '\\0' a; printf Z; echo done >&2; exit 3`,
    );
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^a+\n\[… 1 bytes truncated\]\na+Z$/);
    expect(result.stdout.length).toBe(MAX_CAPTURED_OUTPUT_BYTES + '\n[… 1 bytes truncated]\n'.length);
    expect(result.stderr).toBe('done\n');
  });
});
