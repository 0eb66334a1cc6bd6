import { describe, expect, it } from 'vitest';
import { runBuildCommand } from './build-command.js';

describe('runBuildCommand', () => {
  it('passes when the build exits 0', async () => {
    await expect(
      runBuildCommand('node -e "process.stdout.write(\'ok\')"', process.cwd(), { timeoutMs: 30_000 }),
    ).resolves.toBeUndefined();
  });

  it('fails with SMOKE_LOOP_BUILD_FAILED and the compiler output', async () => {
    const tsc = `node -e "console.log('src/a.ts(7,5): error TS2339: Property x does not exist'); process.exit(2)"`;
    const error = await runBuildCommand(tsc, process.cwd(), { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SMOKE_LOOP_BUILD_FAILED' });
    expect((error as Error).message).toMatch(
      /exited with 2:\nsrc\/a\.ts\(7,5\): error TS2339: Property x does not exist$/,
    );
  });

  it('fails when the build outlives its budget', async () => {
    const error = await runBuildCommand('node -e "setTimeout(() => {}, 10000)"', process.cwd(), {
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/did not finish within 300 ms/);
  });

  it(`kills the whole process group when it outlives its budget: a child holding the output pipe does not keep the \
wait going`, async () => {
    const started = Date.now();
    const error = await runBuildCommand('echo building; sleep 30; echo done', process.cwd(), { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/did not finish within 300 ms:\nbuilding$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it(`on abort (the time budget) kills the group at once and throws the abort reason, not a build \
failure`, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('budget', 'TimeoutError')), 200);
    const started = Date.now();
    const error = await runBuildCommand('sleep 30; true', process.cwd(), {
      timeoutMs: 60_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it(`is not failed for its output's size (110 MB, over execa's own buffer limit), and a failure still shows the last \
lines`, async () => {
    const chatty = `head -c 110000000 /dev/zero | tr '\\0' x`;
    await expect(runBuildCommand(`${chatty}; exit 0`, process.cwd(), { timeoutMs: 60_000 })).resolves.toBeUndefined();
    const error = await runBuildCommand(`${chatty}; echo; echo 'src/b.ts(1,1): error TS1005'; exit 2`, process.cwd(), {
      timeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/exited with 2:\n[\s\S]*src\/b\.ts\(1,1\): error TS1005$/);
    expect((error as Error).message.length).toBeLessThan(4_000);
  });
});
