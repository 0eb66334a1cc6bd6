/**
 * A smoke of a FastAPI fixture app copy, as the loop runs one: uvicorn (demo-shop's venv) on a
 * free port, the OpenAPI document the app serves, scenarios generated from it.
 */
import { join } from 'node:path';
import { parseSmokeConfig, runSmoke, type SmokeRun } from '@smoke-repair/smoke-validator';
import { freePort, VENV_PYTHON } from '../apps.js';

/**
 * One smoke of the FastAPI app copied to `dir` (`uvicorn app.main:app`), against its served `/openapi.json` and, when
 * given, a scenario file.
 */
export async function smokePythonApp(
  dir: string,
  round: number,
  options: { scenarios?: string } = {},
): Promise<SmokeRun> {
  const port = await freePort();
  const command = [VENV_PYTHON, '-m', 'uvicorn', 'app.main:app', '--host', '127.0.0.1', '--port', String(port)];
  return runSmoke(
    parseSmokeConfig(
      {
        app: {
          root: dir,
          runner: {
            kind: 'process',
            command,
            port,
            readiness: { path: '/health' },
            logFile: join(dir, '.smoke', `server-${round}.log`),
          },
        },
        smoke: {
          openapi: '/openapi.json',
          ...(options.scenarios ? { scenarios: join(dir, options.scenarios) } : {}),
          concurrency: 1,
        },
        artifactsDir: join(dir, '.smoke', `artifacts-${round}`),
      },
      join(dir, 'smoke-repair.config.json'),
    ),
  );
}
