import { describe, expect, it } from 'vitest';
import { runCommand } from './command-runner.js';

describe('runCommand', () => {
  it('keeps the head and the tail of output past its cap and lets the command finish', async () => {
    // 3 MB on stdout, then a last line and exit 0: execa's maxBuffer used to kill it at 1 MB.
    const outcome = await runCommand(`head -c 3000000 /dev/zero | tr '\\0' x; echo; echo the-end; exit 0`, {
      timeoutMs: 30_000,
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.startsWith('xxx')).toBe(true);
    expect(outcome.stdout.endsWith('the-end\n')).toBe(true);
    expect(outcome.stdout).toMatch(/\n\[… 2000009 bytes truncated\]\n/);
  });
});
