import type { SourceTree } from '../../source/source-tree.js';

/**
 * The Express major version the app runs: the installed package's version, else the range its
 * package.json asks for (`^4.18.2` → 4, `5.0.0-beta.1` / `next` → 5). Null when unknown.
 */
export async function expressMajor(tree: Pick<SourceTree, 'read'>): Promise<number | null> {
  const installed = parse(await tree.read('node_modules/express/package.json'))?.version;
  if (typeof installed === 'string' && /^\d+/.test(installed)) return Number(/^\d+/.exec(installed)![0]);
  const manifest = parse(await tree.read('package.json'));
  const range = manifest?.dependencies?.express ?? manifest?.devDependencies?.express;
  if (typeof range !== 'string') return null;
  if (/^(next|beta)$/.test(range.trim())) return 5;
  const major = /(\d+)/.exec(range)?.[1];
  return major ? Number(major) : null;
}

function parse(
  text: string | null,
): { version?: unknown; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as ReturnType<typeof parse>;
  } catch {
    return null;
  }
}
