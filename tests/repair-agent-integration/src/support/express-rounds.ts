/**
 * What the Express template tests share: a smoke of a fixture app copy on a free port; the repair
 * rounds and the lines a patch adds come from repair-rounds.ts (shared with the Python tests).
 */
import { join } from 'node:path';
import { parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { freePort } from '../apps.js';

/**
 * One smoke of the Express app copied to `dir` (`src/server.js <port>`), its OpenAPI document and, when given, a
 * scenario file.
 */
export async function smokeExpressApp(
  dir: string,
  round: number,
  options: { scenarios?: string } = {},
): Promise<SmokeRun> {
  const port = await freePort();
  return runSmoke(
    parseSmokeConfig(
      {
        app: {
          root: dir,
          runner: {
            kind: 'process',
            command: [process.execPath, join(dir, 'src', 'server.js'), String(port)],
            port,
            readiness: { path: '/health' },
            logFile: join(dir, '.smoke', `server-${round}.log`),
          },
        },
        smoke: {
          openapi: join(dir, 'openapi.json'),
          ...(options.scenarios ? { scenarios: join(dir, options.scenarios) } : {}),
          concurrency: 1,
        },
        artifactsDir: join(dir, '.smoke', `artifacts-${round}`),
      },
      join(dir, 'smoke-repair.config.json'),
    ),
  );
}

export { addedLines, repairInRounds } from './repair-rounds.js';
