import { describe, expect, it } from 'vitest';
import { parseSmokeConfig } from '@smoke-repair/smoke-validator';
import { freePort, withRunnerPort } from './free-port.js';

const config = (runner: Record<string, unknown>) =>
  parseSmokeConfig(
    { app: { root: '/srv/app', runner: { kind: 'process', port: 8000, ...runner } }, smoke: { scenarios: 's.json' } },
    '/srv/app/smoke-repair.config.json',
  );

describe('withRunnerPort', () => {
  it('moves the port wherever it is a number of its own: command, env, readiness and health URLs', () => {
    const moved = withRunnerPort(
      config({
        command: 'uvicorn app:app --port 8000 --workers 18000',
        env: { APP_URL: 'http://127.0.0.1:8000', VERSION: '1.8000' },
        readiness: { url: 'http://127.0.0.1:8000/health' },
        health: { path: '/health' },
      }),
      43210,
    );
    const runner = moved.app.runner as {
      port: number;
      command: string;
      env: Record<string, string>;
      readiness: { url: string };
    };
    expect(runner.port).toBe(43210);
    expect(runner.command).toBe('uvicorn app:app --port 43210 --workers 18000');
    expect(runner.env).toEqual({ APP_URL: 'http://127.0.0.1:43210', VERSION: '1.8000' });
    expect(runner.readiness.url).toBe('http://127.0.0.1:43210/health');
  });

  it('argv commands too; a runner that is not a process is left as it is', () => {
    const moved = withRunnerPort(config({ command: ['node', 'server.js', '8000'] }), 5000);
    expect((moved.app.runner as { command: string[] }).command).toEqual(['node', 'server.js', '5000']);
    const none = parseSmokeConfig(
      { app: { root: '/srv/app' }, smoke: { scenarios: 's.json' } },
      '/srv/app/smoke-repair.config.json',
    );
    expect(withRunnerPort(none, 5000)).toBe(none);
  });

  it('freePort gives a port the kernel considers free on loopback', async () => {
    const port = await freePort('127.0.0.1');
    expect(port).toBeGreaterThan(0);
  });
});
