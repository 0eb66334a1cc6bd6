import { posix } from 'node:path';
import type { SourceTree } from '../source/source-tree.js';

/**
 * The bases a non-relative import specifier stands for in the project (tree-relative, without an
 * extension added): TypeScript's `compilerOptions.paths` in the root `tsconfig.json`
 * (`"@/*": ["src/*"]`, relative to `baseUrl`, else to the tsconfig), and Node's subpath imports in
 * the root `package.json` (`"#services/*": "./dist/services/*.js"`), whose targets in the build
 * output (`outDir`) are read as the sources they are compiled from (`rootDir`, else `src`). Empty
 * for a package name or an alias nothing declares.
 */
export async function aliasBases(tree: Pick<SourceTree, 'read'>, specifier: string): Promise<string[]> {
  const config = await aliasConfig(tree);
  const out: string[] = [];
  const entries = specifier.startsWith('#') ? config.imports : config.paths;
  for (const [pattern, targets] of entries) {
    const star = pattern.indexOf('*');
    const matched =
      star < 0
        ? pattern === specifier
          ? ''
          : null
        : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))
          ? specifier.slice(star, specifier.length - (pattern.length - star - 1))
          : null;
    if (matched === null) continue;
    for (const target of targets) out.push(posix.normalize(target.replace('*', matched)).replace(/^\.\//, ''));
  }
  return out.map((base) =>
    config.outDir && base.startsWith(`${config.outDir}/`)
      ? `${config.rootDir}/${base.slice(config.outDir.length + 1)}`
      : base,
  );
}

interface AliasConfig {
  readonly paths: readonly [string, readonly string[]][];
  readonly imports: readonly [string, readonly string[]][];
  readonly outDir: string | null;
  readonly rootDir: string;
}

const perTree = new WeakMap<object, { key: string; config: AliasConfig }>();

async function aliasConfig(tree: Pick<SourceTree, 'read'>): Promise<AliasConfig> {
  const tsconfig = (await tree.read('tsconfig.json')) ?? '';
  const pkg = (await tree.read('package.json')) ?? '';
  const key = `${tsconfig}\0${pkg}`;
  const cached = perTree.get(tree);
  if (cached?.key === key) return cached.config;
  const options = (parseLoose(tsconfig)?.['compilerOptions'] ?? {}) as Record<string, unknown>;
  const dir = (value: unknown) =>
    typeof value === 'string'
      ? posix
          .normalize(value)
          .replace(/^\.\/?/, '')
          .replace(/\/$/, '')
      : null;
  const baseUrl = dir(options['baseUrl']) ?? '';
  const paths = Object.entries((options['paths'] ?? {}) as Record<string, unknown>).map(
    ([pattern, targets]): [string, string[]] => [
      pattern,
      (Array.isArray(targets) ? targets : [])
        .filter((t): t is string => typeof t === 'string')
        .map((t) => posix.join(baseUrl, t)),
    ],
  );
  const imports = Object.entries((parseLoose(pkg)?.['imports'] ?? {}) as Record<string, unknown>).map(
    ([pattern, target]): [string, string[]] => [
      pattern,
      [conditionTarget(target)].filter((t): t is string => t !== null),
    ],
  );
  const config = { paths, imports, outDir: dir(options['outDir']), rootDir: dir(options['rootDir']) || 'src' };
  perTree.set(tree, { key, config });
  return config;
}

// `"./dist/x.js"`, or `{ "types": …, "default": "./dist/x.js" }` (the first string otherwise).
function conditionTarget(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return null;
  const record = target as Record<string, unknown>;
  return conditionTarget(
    record['default'] ?? record['node'] ?? record['import'] ?? record['require'] ?? Object.values(record)[0],
  );
}

// tsconfig is JSON with comments and trailing commas.
function parseLoose(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const stripped = text
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, string: string | undefined) => string ?? '')
      .replace(/,(\s*[}\]])/g, '$1');
    const value: unknown = JSON.parse(stripped);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
