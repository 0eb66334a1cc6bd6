import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * `pip freeze` with the app's venv (or python3), or `npm ls --all` for a Node app: what the app
 * ran with, for the escalation bundle. Null when neither applies or the command fails.
 */
export async function requirementsSnapshot(appRoot: string, python?: string): Promise<string | null> {
  const venvPython = ['.venv/bin/python', 'venv/bin/python'].map((p) => join(appRoot, p)).find((p) => existsSync(p));
  const isPython =
    venvPython || existsSync(join(appRoot, 'requirements.txt')) || existsSync(join(appRoot, 'pyproject.toml'));
  const command: [string, string[]] | null = isPython
    ? [venvPython ?? python ?? 'python3', ['-m', 'pip', 'freeze']]
    : existsSync(join(appRoot, 'package.json'))
      ? ['npm', ['ls', '--all']]
      : null;
  if (!command) return null;
  const result = await execa(command[0], command[1], { cwd: appRoot, reject: false, timeout: 60_000 });
  return result.exitCode === 0 || result.stdout ? `${result.stdout.trim()}\n` : null;
}
