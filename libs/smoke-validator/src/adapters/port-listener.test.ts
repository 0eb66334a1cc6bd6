import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandRunner } from '../runner/ports.js';
import { lookupPortListener } from './port-listener.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function listen(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  closers.push(() => server.close());
  return (server.address() as { port: number }).port;
}

const noSs: CommandRunner = async () => ({
  exitCode: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  error: 'spawn ss ENOENT',
});

describe('lookupPortListener', () => {
  it('falls back to /proc/net/tcp when ss is absent, and finds the owning process', async () => {
    const port = await listen();
    const line = await lookupPortListener(port, noSs);
    expect(line).toContain(`LISTEN 0 0 127.0.0.1:${port}`);
    expect(line).toContain(`pid=${process.pid}`);
  });

  it('returns null when nothing listens', async () => {
    const port = await listen();
    closers.splice(0).forEach((close) => close());
    await new Promise((r) => setTimeout(r, 20));
    expect(await lookupPortListener(port, noSs)).toBeNull();
  });

  it('uses the ss output when ss works', async () => {
    const ss: CommandRunner = async () => ({
      exitCode: 0,
      stdout: 'LISTEN 0 5 127.0.0.1:4321 0.0.0.0:* users:(("x",pid=1,fd=3))\n',
      stderr: '',
      timedOut: false,
    });
    expect(await lookupPortListener(4321, ss)).toBe('LISTEN 0 5 127.0.0.1:4321 0.0.0.0:* users:(("x",pid=1,fd=3))');
  });
});
