import type { SourceTree } from '../../source/source-tree.js';
import { spanOf, type EsNode } from './estree.js';

const DATE_PATTERN = '/^\\d{4}-\\d{2}-\\d{2}$/';

/**
 * The span of a zod `.datetime(…)` check (`z.string().datetime()`: from `datetime` to the call's
 * end), or null for any other call. A datetime check refuses every plain calendar date.
 */
export function datetimeCheck(node: EsNode): [number, number] | null {
  if (node.type !== 'CallExpression') return null;
  const callee = node['callee'] as EsNode;
  const property = callee.type === 'MemberExpression' ? (callee['property'] as EsNode) : null;
  // `x.datetime()` on a chain (`z.string()…`), not a bare `datetime()` helper of the app.
  if (!property || callee['computed'] || property['name'] !== 'datetime') return null;
  if ((callee['object'] as EsNode).type !== 'CallExpression') return null;
  return [spanOf(property)[0], spanOf(node)[1]];
}

/**
 * The zod check for a calendar date (YYYY-MM-DD) the app's zod has: `date()` from 3.23 on (it also
 * refuses impossible dates), else the pattern (`regex` is in every zod). The installed package's
 * version decides, else the range package.json asks for.
 */
export async function zodDateCheck(tree: Pick<SourceTree, 'read'>): Promise<string> {
  const version = versionOf(await tree.read('node_modules/zod/package.json'), 'version') ?? (await rangeOf(tree));
  const [major, minor] = (version ?? '').split('.').map(Number);
  const hasDate = !Number.isNaN(major) && major !== undefined && (major > 3 || (major === 3 && (minor ?? 0) >= 23));
  return hasDate ? 'date()' : `regex(${DATE_PATTERN})`;
}

async function rangeOf(tree: Pick<SourceTree, 'read'>): Promise<string | null> {
  const text = await tree.read('package.json');
  for (const key of ['dependencies', 'devDependencies']) {
    const range = versionOf(text, key, 'zod');
    const version = range === null ? null : /\d+\.\d+/.exec(range)?.[0];
    if (version) return version;
  }
  return null;
}

function versionOf(text: string | null, key: string, dependency?: string): string | null {
  try {
    const data = JSON.parse(text ?? 'null') as Record<string, unknown> | null;
    const value = dependency ? (data?.[key] as Record<string, unknown> | undefined)?.[dependency] : data?.[key];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
