import type { SourceTree } from '../../source/source-tree.js';
import { projectSourceFiles } from '../../node/project-source-files.js';

/**
 * Whether the project stores a `Date` under `field`: a literal key or an assignment given
 * `new Date(…)` (`createdAt: new Date(o.createdAt)`, `order.createdAt = new Date()`) in one of its
 * source files. What tells a date-time field held as a Date from one held as text or a number.
 */
export async function storesDateField(tree: SourceTree, field: string): Promise<boolean> {
  const name = field.replace(/\$/g, '\\$');
  const stored = new RegExp(`(?:(?<![\\w$.])${name}\\s*:|\\.${name}\\s*=)\\s*new Date\\(`);
  for (const file of await projectSourceFiles(tree)) {
    const text = await tree.read(file);
    if (text !== null && stored.test(text)) return true;
  }
  return false;
}
