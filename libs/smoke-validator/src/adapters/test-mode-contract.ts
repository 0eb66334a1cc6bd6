/**
 * The contract of a test-command-mode app, with the real file system and interpreter: see
 * `loadTestModeContract`.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SmokeConfig } from '../config/smoke-config.js';
import { loadTestModeContract, type TestContract } from '../test-command/test-contract.js';
import { resolveTestCommandConfig } from '../test-command/resolve-config.js';
import { runCommand } from './command-runner.js';
import { loadOpenApi } from './load-openapi.js';

const SKIPPED = new Set([
  '.git',
  '.venv',
  'venv',
  'env',
  'node_modules',
  '__pycache__',
  'site-packages',
  'dist',
  'build',
]);
const MAX_FILES = 2_000;
const MAX_DEPTH = 5;
const MAX_BYTES = 200_000;

/**
 * Finds the OpenAPI contract of an app smoked through `smoke.testCommand`: `smoke.openapi` when
 * it names a file, else a FastAPI app's own `app.openapi()`. Never throws: no contract is a value.
 */
export async function findTestModeContract(
  config: SmokeConfig,
  options: { readonly python?: string } = {},
): Promise<TestContract> {
  if (!config.smoke.testCommand) return { api: null, reason: 'not in test-command mode' };
  const resolved = resolveTestCommandConfig(config.smoke.testCommand);
  try {
    return await loadTestModeContract(
      {
        appRoot: config.app.root,
        configDir: config.configDir,
        ...(config.smoke.openapi ? { openapi: config.smoke.openapi } : {}),
        commandWords: resolved.words,
        ...(options.python ? { python: options.python } : {}),
      },
      { runCommand, pythonSources: () => pythonSources(config.app.root), fileExists: existsSync, loadOpenApi },
    );
  } catch (error) {
    return { api: null, reason: (error as Error).message };
  }
}

async function pythonSources(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(rel: string, depth: number): Promise<void> {
    if (depth > MAX_DEPTH || out.size >= MAX_FILES) return;
    const entries = await readdir(rel ? join(root, rel) : root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.py') && out.size < MAX_FILES) {
        const text = await readFile(join(root, path), 'utf8').catch(() => '');
        out.set(path, text.slice(0, MAX_BYTES));
      }
    }
  }
  await walk('', 0);
  return out;
}
