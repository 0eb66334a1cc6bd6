import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliVersion } from './cli-version.js';
import { invokeCli } from './test-support/invoke-cli.js';

describe('the CLI version', () => {
  it("is the package's own version, printed by --version and -V", async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(cliVersion()).toBe(manifest.version);
    for (const flag of ['--version', '-V']) {
      const run = await invokeCli([flag], process.cwd());
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${manifest.version}\n`);
    }
  });
});
