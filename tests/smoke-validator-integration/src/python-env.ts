/**
 * The Python used by the integration tests: demo-shop's venv (FastAPI, uvicorn, pytest from
 * PyPI), created or reused by its own setup script.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const REPO = join(import.meta.dirname, '..', '..', '..');
/** demo-shop's directory (used as a black box: never modified). */
export const DEMO_SHOP = join(REPO, 'apps', 'demo-shop');
/** Its venv's interpreter. */
export const VENV_PYTHON = join(DEMO_SHOP, '.venv', 'bin', 'python');

/** Creates or reuses the venv (idempotent; quick when current). */
export function ensureVenv(): void {
  execFileSync('bash', [join(DEMO_SHOP, 'scripts', 'setup-venv.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
}
