/**
 * The apps of the suite, copied into a temp folder with a config whose port, artifacts and
 * pattern store are the test's own (artifacts and store outside the user's tree).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { freePort } from './processes.js';
import { AGENTS, CHAIN_APP, DEMO_SHOP, PYTEST_API, TINY_APP, copyApp, readConfig, writeConfig } from './user-tree.js';

export interface AppCopy {
  readonly dir: string;
  readonly config: string;
  readonly port: number;
  readonly artifacts: string;
  readonly store: string;
}

/** Builds (or reuses) demo-shop's venv from PyPI, once per suite run. */
export function ensureDemoShopVenv(): void {
  execFileSync('bash', [join(DEMO_SHOP, 'scripts', 'setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** An agent command from fixtures/agents. */
export function agent(name: string): string[] {
  return name.endsWith('.py') ? ['python3', '-B', join(AGENTS, name)] : ['sh', join(AGENTS, name)];
}

/** A copy of demo-shop under `base/name/demo-shop` with its own port, artifacts and store. */
export async function demoShopCopy(
  base: string,
  name: string,
  overrides: Record<string, unknown> = {},
): Promise<AppCopy> {
  const dir = join(base, name, 'demo-shop');
  mkdirSync(join(base, name), { recursive: true });
  copyApp(DEMO_SHOP, dir, { venv: true });
  const port = await freePort();
  const artifacts = join(base, name, 'artifacts');
  const store = `file:${join(base, name, 'patterns.jsonl')}`;
  const config = readConfig(dir) as { app: { runner: Record<string, unknown> } };
  const runner = { ...config.app.runner, port, readiness: { path: '/health', timeoutMs: 60_000 } };
  const path = writeConfig(dir, {
    ...config,
    app: { ...config.app, runner },
    artifactsDir: artifacts,
    loop: { timeBudgetMs: 150_000 },
    repair: { strategies: ['pattern', 'recipe'] },
    patterns: { store },
    ...overrides,
  });
  return { dir, config: path, port, artifacts, store };
}

/**
 * A copy of a stdlib Python fixture (`server.py`, starts in ~100 ms, scenarios from a file) under
 * `base/name/<fixture>`, with its own port, artifacts and store; `extra` adds config sections.
 */
async function stdlibAppCopy(
  source: string,
  base: string,
  name: string,
  extra: Record<string, unknown>,
  env: Record<string, string> = {},
  scenarios = 'scenarios.json',
): Promise<AppCopy> {
  const dir = join(base, name, basename(source));
  mkdirSync(join(base, name), { recursive: true });
  copyApp(source, dir);
  const port = await freePort();
  const artifacts = join(base, name, 'artifacts');
  const store = `file:${join(base, name, 'patterns.jsonl')}`;
  const path = writeConfig(dir, {
    app: {
      root: '.',
      runner: {
        kind: 'process',
        command: ['python3', '-B', 'server.py'],
        port,
        env,
        readiness: { path: '/health', timeoutMs: 15_000, intervalMs: 50 },
        health: { path: '/health' },
        stopTimeoutMs: 2_000,
      },
    },
    smoke: { scenarios, concurrency: 1, timeoutMs: 5_000 },
    artifactsDir: artifacts,
    patterns: { store },
    ...extra,
  });
  return { dir, config: path, port, artifacts, store };
}

/**
 * A copy of fixtures/tiny-app (Python stdlib, starts in ~100 ms) under `base/name/tiny-app`,
 * repaired by the agent command `agentName` only.
 */
export async function tinyAppCopy(
  base: string,
  name: string,
  options: {
    agent: string;
    env?: Record<string, string>;
    agentTimeoutMs?: number;
    scenarios?: string;
    loop?: Record<string, unknown>;
  },
): Promise<AppCopy> {
  return stdlibAppCopy(
    TINY_APP,
    base,
    name,
    {
      freshness: { meta: { url: '/__meta', requiredFields: ['git_sha', 'started_at'] } },
      loop: { timeBudgetMs: 60_000, ...options.loop },
      repair: {
        strategies: ['command'],
        command: { command: agent(options.agent), timeoutMs: options.agentTimeoutMs ?? 30_000, killGraceMs: 500 },
      },
    },
    options.env,
    options.scenarios,
  );
}

/** A copy of fixtures/chain-app (Python stdlib) under `base/name/chain-app`, repaired by the built-in recipes. */
export async function chainAppCopy(base: string, name: string): Promise<AppCopy> {
  return stdlibAppCopy(CHAIN_APP, base, name, {
    loop: { timeBudgetMs: 120_000 },
    repair: { strategies: ['pattern', 'recipe'] },
  });
}

/**
 * A copy of fixtures/pytest-api (FastAPI with its own pytest suite) under `base/name/pytest-api`,
 * smoked in test-command mode with demo-shop's venv (build it first: `ensureDemoShopVenv`).
 */
export function pytestApiCopy(base: string, name: string): AppCopy {
  const dir = join(base, name, 'pytest-api');
  mkdirSync(join(base, name), { recursive: true });
  copyApp(PYTEST_API, dir);
  const artifacts = join(base, name, 'artifacts');
  const store = `file:${join(base, name, 'patterns.jsonl')}`;
  const python = join(DEMO_SHOP, '.venv', 'bin', 'python');
  const path = writeConfig(dir, {
    app: { root: '.' },
    smoke: {
      testCommand: {
        command: [python, '-B', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'],
        framework: 'pytest',
        timeoutMs: 120_000,
      },
    },
    artifactsDir: artifacts,
    loop: { timeBudgetMs: 150_000 },
    repair: { strategies: ['pattern', 'recipe'], python },
    patterns: { store },
  });
  return { dir, config: path, port: 0, artifacts, store };
}
