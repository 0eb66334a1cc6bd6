import { describe, expect, it } from 'vitest';
import { runBuildCommand } from './build-command.js';

describe('runBuildCommand', () => {
  it('passes when the build exits 0', async () => {
    await expect(runBuildCommand('node -e "process.stdout.write(\'ok\')"', process.cwd(), 30_000)).resolves.toBeUndefined();
  });

  it('fails with SMOKE_LOOP_BUILD_FAILED and the compiler output', async () => {
    const tsc = `node -e "console.log('src/a.ts(7,5): error TS2339: Property x does not exist'); process.exit(2)"`;
    const error = await runBuildCommand(tsc, process.cwd(), 30_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SMOKE_LOOP_BUILD_FAILED' });
    expect((error as Error).message).toMatch(/exited with 2:\nsrc\/a\.ts\(7,5\): error TS2339: Property x does not exist$/);
  });

  it('fails when the build outlives its budget', async () => {
    const error = await runBuildCommand('node -e "setTimeout(() => {}, 10000)"', process.cwd(), 300).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/did not finish within 300 ms/);
  });
});
