import { createServer } from 'node:net';
import type { SmokeConfig } from '@smoke-repair/smoke-validator';

/** A TCP port free on `host` right now (the kernel's pick). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The config with its process runner moved to `port`: the runner sets `PORT` itself, and the
 * old port is replaced wherever it stands as a number of its own in the command, the
 * environment and the readiness and health URLs (`--port 8000`, `http://127.0.0.1:8000/health`).
 * The loop's own app holds the configured port while an agent verifies, so a second start there
 * would fail; an app that ignores both still fails, with the runner's readiness error.
 */
export function withRunnerPort(config: SmokeConfig, port: number): SmokeConfig {
  const runner = config.app.runner;
  if (runner.kind !== 'process') return config;
  const from = new RegExp(`(?<![\\w.])${runner.port}(?![\\w])`, 'g');
  const move = (text: string) => text.replace(from, String(port));
  const url = <T extends { url?: string | undefined }>(probe: T): T =>
    probe.url ? { ...probe, url: move(probe.url) } : probe;
  const command = typeof runner.command === 'string' ? move(runner.command) : runner.command.map(move);
  const env = Object.fromEntries(Object.entries(runner.env).map(([k, v]) => [k, move(v)]));
  // A base URL or meta URL that names the port (a path prefix such as `/api` kept) follows it.
  const app = {
    ...url({ ...config.app, url: config.app.baseUrl }),
    runner: { ...runner, port, command, env, readiness: url(runner.readiness), health: url(runner.health) },
  };
  const { url: baseUrl, ...moved } = app;
  const smoke = config.smoke.baseUrl ? { ...config.smoke, baseUrl: move(config.smoke.baseUrl) } : config.smoke;
  const meta = config.freshness?.meta;
  const freshness = config.freshness && meta ? { freshness: { ...config.freshness, meta: url(meta) } } : {};
  return { ...config, ...freshness, smoke, app: { ...moved, ...(baseUrl ? { baseUrl } : {}) } };
}
