import type { StackTrace } from '@smoke-repair/log-parser';
import type { CulpritLocation } from './recipes/recipe.js';
import type { SourceTree } from './source/source-tree.js';

/**
 * The culprit of a trace as a file of the app tree. Logs name files as the process saw them
 * (a container's /app/…, another checkout's path), so when the path is not under the tree's
 * root the longest tree path it ends with is taken.
 */
export async function locateCulprit(trace: StackTrace | null, tree: SourceTree): Promise<CulpritLocation | null> {
  const culprit = trace?.culprit;
  if (!culprit) return null;
  const root = tree.root.replace(/\/+$/, '');
  let file: string | undefined;
  if (culprit.file.startsWith(`${root}/`)) file = culprit.file.slice(root.length + 1);
  else {
    const files = await tree.list();
    file = files
      .filter((f) => culprit.file === f || culprit.file.endsWith(`/${f}`))
      .sort((a, b) => b.length - a.length)[0];
  }
  if (!file) return null;
  return { file, line: culprit.line, ...(culprit.function ? { function: culprit.function } : {}) };
}

/** Up to `max` lines of source around a line (seed 004: 40 lines of context), numbered. */
export async function codeAround(tree: SourceTree, location: CulpritLocation, max = 40): Promise<string | null> {
  const source = await tree.read(location.file);
  if (source === null) return null;
  const lines = source.split('\n');
  const start = Math.max(0, location.line - 1 - Math.floor(max / 2));
  const end = Math.min(lines.length, start + max);
  return lines
    .slice(start, end)
    .map((text, i) => `${String(start + i + 1).padStart(5)}${start + i + 1 === location.line ? '>' : ' '} ${text}`)
    .join('\n');
}
