import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integerFlag, numberFlag } from './parse-command-args.js';
import { invokeCli } from './test-support/invoke-cli.js';

describe('numbers in flags are plain decimals', () => {
  it('refuses hex, exponents, signs, spaces and Infinity', () => {
    for (const raw of ['0x10', '1e3', '+5', ' 5', '5 ', 'Infinity', '0b11', '1_000', '']) {
      expect(() => integerFlag('concurrency', raw, 1, 64), raw).toThrow(
        `--concurrency must be an integer from 1 to 64, got "${raw}"`,
      );
      expect(() => numberFlag('time-budget', raw, 1, 86_400), raw).toThrow(
        `--time-budget must be a number from 1 to 86400, got "${raw}"`,
      );
    }
    expect(integerFlag('concurrency', '16', 1, 64)).toBe(16);
    expect(integerFlag('concurrency', '007', 1, 64)).toBe(7);
    expect(numberFlag('target', '0.8', 0, 1)).toBe(0.8);
    expect(numberFlag('target', '.5', 0, 1)).toBe(0.5);
    expect(numberFlag('time-budget', '1000', 1, 86_400)).toBe(1000);
  });

  it('smoke --concurrency 0x10 and run --time-budget 1e3: exit 2 naming the flag', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-numbers-'));
    writeFileSync(
      join(dir, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { baseUrl: 'http://127.0.0.1:9' },
        smoke: { scenarios: 's.json' },
        patterns: { store: 'memory:' },
      }),
    );
    const smoke = await invokeCli(['smoke', '--concurrency', '0x10'], dir);
    expect(smoke).toMatchObject({ code: 2, stdout: '' });
    expect(smoke.stderr).toContain('--concurrency must be an integer from 1 to 64, got "0x10"');
    const run = await invokeCli(['run', '--time-budget', '1e3'], dir);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('--time-budget must be a number from 1 to 86400, got "1e3"');
  });
});
