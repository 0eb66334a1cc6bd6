import { isInsideRoot } from '../../../policy/patch-policy.js';

/** A model's path as a file of the tree, or why it is none. */
export type ResolvedPath =
  | { readonly ok: true; readonly path: string; readonly exists: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Maps the path a model wrote to a file of the app tree: as written; without git's `a/`/`b/`
 * prefixes or `./`; absolute paths under the app root; container or other absolute paths
 * (`/app/app/x.py`) by their longest suffix that is a file of the tree (as the log parser does
 * for traces); a bare or partial path when exactly one file ends with it. Paths leaving the root
 * are refused; a path matching several files is ambiguous, never guessed.
 */
export function resolvePath(
  raw: string,
  files: readonly string[],
  root: string,
  options: { readonly create?: boolean } = {},
): ResolvedPath {
  const known = new Set(files);
  const base = root.replace(/\/+$/, '');
  let path = raw
    .trim()
    .replace(/\\/g, '/')
    .replace(/^["'`]|["'`]$/g, '');
  if (path.startsWith(`${base}/`)) path = path.slice(base.length + 1);
  const spellings = [path, path.replace(/^[ab]\//, ''), path.replace(/^\.\//, '')];
  for (const spelling of spellings) if (known.has(spelling)) return { ok: true, path: spelling, exists: true };
  if (
    spellings.some((s) => s.split('/').includes('..')) ||
    (!path.startsWith('/') && !isInsideRoot(path.replace(/^[ab]\//, '')))
  ) {
    return { ok: false, reason: `${raw} is outside the app root` };
  }
  const bySuffix = files.filter((f) => spellings.some((s) => s.endsWith(`/${f}`)));
  if (bySuffix.length > 0) return { ok: true, path: bySuffix.sort((a, b) => b.length - a.length)[0]!, exists: true };
  const partial = files.filter((f) => spellings.some((s) => !s.startsWith('/') && f.endsWith(`/${s}`)));
  if (partial.length === 1) return { ok: true, path: partial[0]!, exists: true };
  if (partial.length > 1)
    return {
      ok: false,
      reason:
        `${raw} matches ${partial.length} files (${partial.slice(0, 4).join(', ')}): write the path from the ` +
        `app root`,
    };
  if (options.create && !path.startsWith('/')) {
    const relative = path.replace(/^\.\//, '');
    return isInsideRoot(relative)
      ? { ok: true, path: relative, exists: false }
      : { ok: false, reason: `${raw} is outside the app root` };
  }
  return {
    ok: false,
    reason:
      `${raw} is not a file of the app (no such ` +
      `file${path.startsWith('/') ? ' under the app root by any suffix' : ''})`,
  };
}
