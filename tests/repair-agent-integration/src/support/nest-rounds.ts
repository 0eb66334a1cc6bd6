/**
 * What the NestJS tests share: the fixture's TypeScript build (its own `tsc`, as `app.build`
 * would run it) and a smoke of the compiled app (`node dist/main.js <port>`), its OpenAPI
 * document and scenario file.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { freePort } from '../apps.js';

/**
 * Compiles the app copied to `dir` with its own TypeScript (src → dist, with source maps); throws with the compiler's
 * output when it fails.
 */
export function buildNestApp(dir: string): void {
  execFileSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

/** One smoke of the compiled Nest app in `dir`, readiness on its `/api/health`. */
export async function smokeNestApp(dir: string, round: number): Promise<SmokeRun> {
  const port = await freePort();
  return runSmoke(
    parseSmokeConfig(
      {
        app: {
          root: dir,
          runner: {
            kind: 'process',
            command: [process.execPath, join(dir, 'dist', 'main.js'), String(port)],
            port,
            readiness: { path: '/api/health' },
            logFile: join(dir, '.smoke', `server-${round}.log`),
          },
        },
        smoke: { openapi: join(dir, 'openapi.json'), scenarios: join(dir, 'scenarios.json'), concurrency: 1 },
        artifactsDir: join(dir, '.smoke', `artifacts-${round}`),
      },
      join(dir, 'smoke-repair.config.json'),
    ),
  );
}
