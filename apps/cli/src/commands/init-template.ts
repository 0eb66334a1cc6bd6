import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Frameworks `smoke-repair init` has a starter config for. */
export const FRAMEWORKS = ['fastapi', 'express'] as const;
/** One of `FRAMEWORKS`. */
export type Framework = (typeof FRAMEWORKS)[number];

/** The framework a directory holds, and the file that says so; null when nothing tells. */
export function detectFramework(dir: string): { framework: Framework; from: string } | null {
  for (const file of ['requirements.txt', 'pyproject.toml', 'requirements-dev.txt', 'setup.cfg']) {
    if (/\bfastapi\b/i.test(read(join(dir, file)))) return { framework: 'fastapi', from: file };
  }
  const pkg = packageJson(dir);
  const deps = { ...pkg?.dependencies, ...pkg?.devDependencies };
  if ('express' in deps || 'fastify' in deps) return { framework: 'express', from: 'package.json' };
  return null;
}

/**
 * The starter config for a framework, as a JSON object. JSON has no comments, so the
 * explanations are `$comment` keys, which the config loader accepts and ignores.
 */
export function starterConfig(framework: Framework, dir: string): Record<string, unknown> {
  const app = framework === 'fastapi' ? fastapiApp(dir) : expressApp(dir);
  const openapi = ['openapi.json', 'openapi.yaml', 'openapi.yml'].find((f) => existsSync(join(dir, f)));
  const build = framework === 'fastapi' ? null : typescriptBuild(dir);
  return {
    $schema: configSchemaReference(dir),
    $comment: [
      `smoke-repair config for a ${framework === 'fastapi' ? 'FastAPI' : 'Node (Express/Fastify)'} app, written by ` +
        `\`smoke-repair init\`.`,
      'Keys named $comment are notes, ignored by smoke-repair. Relative paths are relative to this file.',
      'Try it: `smoke-repair smoke` (one HTTP smoke run), then `smoke-repair run` (smoke → repair → verify → learn).',
      'Add artifacts/ and .smoke-repair/ to your .gitignore.',
    ],
    app: {
      $comment: [
        'How smoke-repair starts your app: a shell command that listens on 127.0.0.1:$PORT (HOST and PORT ' +
          'are set for it).',
        'readiness: polled until it answers before smoking; health: checked after every restart. Runner ' +
          'kinds: process, docker, none (with app.baseUrl).',
        ...(build
          ? [
              'build: compiles the TypeScript before every start, so patches to src/ run; a patch that ' +
                'does not compile is rejected with the compiler message.',
            ]
          : []),
      ],
      root: '.',
      ...(build ? { build } : {}),
      runner: {
        kind: 'process',
        command: app.command,
        port: app.port,
        readiness: { path: app.probe, timeoutMs: 60000 },
        health: { path: app.probe },
      },
    },
    smoke: {
      $comment: [
        openapi
          ? `One positive scenario per operation of ${openapi}; add "scenarios": "smoke-scenarios.yaml" for your ` +
            `own requests.`
          : framework === 'fastapi'
            ? 'FastAPI serves its OpenAPI document at /openapi.json: one positive scenario per operation.'
            : 'Point "openapi" at your OpenAPI document (a file, or a path the app serves), or use ' +
              '"scenarios": "smoke-scenarios.yaml", or "testCommand" for an existing test suite.',
        'headers (e.g. Authorization) are sent with every request and redacted from every report.',
      ],
      openapi: openapi ?? '/openapi.json',
      timeoutMs: 10000,
    },
    artifactsDir: 'artifacts',
    loop: {
      $comment: [
        'Repair triggers below triggerPassRate or on any 5xx, and stops at targetPassRate with no 5xx (1 = ' +
          'every scenario passes),',
        'or on a budget: maxIterations, maxAttemptsPerSignature, timeBudgetMs. A patch that breaks a ' +
          'passing scenario is rolled back and the loop goes on.',
        'Set "branch": "smoke-repair/fixes" to also commit the accepted changes to a new git branch (HEAD, ' +
          'index and stash are untouched).',
      ],
      triggerPassRate: 0.8,
      targetPassRate: 0.8,
      maxIterations: 10,
      maxAttemptsPerSignature: 3,
      timeBudgetMs: 600000,
    },
    repair: {
      $comment: [
        'Strategies in order: learned patterns, built-in recipes, an LLM, an agent command. "llm" runs ' +
          'only when repair.llm is set,',
        'e.g. "llm": { "baseUrl": "http://127.0.0.1:11434/v1", "model": "qwen2.5-coder" } (the API key ' +
          'comes from the environment);',
        '"command" only when repair.command is set. policy limits every patch (default ≤ 5 files, ≤ 200 ' +
          'changed lines, no test files).',
      ],
      strategies: ['pattern', 'recipe', 'llm', 'command'],
    },
    patterns: {
      $comment:
        'Learned fixes: file:PATH (default), memory:, or neo4j://127.0.0.1:7687 shared by a team (see ' +
        '`smoke-repair patterns`).',
      store: 'file:.smoke-repair/patterns.jsonl',
      minSuccessRate: 0.7,
      minTrials: 3,
    },
  };
}

/** Where the published config schema is inside the CLI package (`smoke-repair config --json-schema`). */
const CONFIG_SCHEMA_FILE = 'node_modules/@smoke-repair/cli/config.schema.json';

/**
 * The `$schema` of a config in `dir`: the config schema of the CLI package installed nearest to
 * it (`npm i -D @smoke-repair/cli`, hoisted or not), relative to the config, else where a local
 * install puts it — editors then complete and check the keys.
 */
function configSchemaReference(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, CONFIG_SCHEMA_FILE)))
      return relative(dir, join(current, CONFIG_SCHEMA_FILE)).replace(/^(?!\.\.)/, './');
    if (dirname(current) === current) return `./${CONFIG_SCHEMA_FILE}`;
  }
}

function fastapiApp(dir: string): { command: string; port: number; probe: string } {
  const module =
    ['app/main.py', 'main.py', 'src/main.py', 'app.py']
      .find((f) => existsSync(join(dir, f)))
      ?.replace(/\.py$/, '')
      .replace(/\//g, '.') ?? 'app.main';
  const python = existsSync(join(dir, '.venv', 'bin', 'python')) ? '.venv/bin/python' : 'python3';
  return {
    command: `${python} -m uvicorn ${module}:app --host 127.0.0.1 --port $PORT`,
    port: 8000,
    probe: '/openapi.json',
  };
}

function expressApp(dir: string): { command: string; port: number; probe: string } {
  const pkg = packageJson(dir);
  const entry = [pkg?.main, 'server.js', 'index.js', 'app.js', 'src/server.js', 'src/index.js'].find(
    (f): f is string => typeof f === 'string' && existsSync(join(dir, f)),
  );
  const command = pkg?.scripts?.['start'] ? 'npm start' : `node ${entry ?? 'server.js'}`;
  return { command, port: 3000, probe: '/' };
}

/**
 * How a TypeScript project compiles, or null when it is not one: a tsconfig.json and its `build`
 * script (`npm run build`), else `tsc` itself when TypeScript is a dependency.
 */
function typescriptBuild(dir: string): string | null {
  if (!existsSync(join(dir, 'tsconfig.json'))) return null;
  const pkg = packageJson(dir);
  if (pkg?.scripts?.['build']) return 'npm run build';
  return 'typescript' in { ...pkg?.dependencies, ...pkg?.devDependencies } ? 'npx tsc -p .' : null;
}

function packageJson(dir: string): {
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} | null {
  try {
    return JSON.parse(read(join(dir, 'package.json')) || 'null') as ReturnType<typeof packageJson>;
  } catch {
    return null;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
