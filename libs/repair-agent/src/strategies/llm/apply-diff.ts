import { gitApplyInScratch } from '../../adapters/git-apply.js';
import { RepairAgentError } from '../../errors.js';
import type { SourceTree } from '../../source/source-tree.js';
import { renderDiff, type ParsedDiffFile } from './parse-diff.js';

/**
 * Applies a parsed diff to the overlay tree: the files it names are read from the tree, patched
 * by real `git apply --recount` in a scratch directory and written back. The user's files are
 * never touched; the engine re-diffs the tree and checks the policy.
 */
export async function applyDiffToTree(diff: string, files: readonly ParsedDiffFile[], tree: SourceTree): Promise<string[]> {
  const paths = files.map((f) => f.path);
  const before = new Map<string, string | null>();
  for (const path of paths) before.set(path, await tree.read(path));
  let result = await gitApplyInScratch(diff, before, paths, { recount: true });
  if (!result.ok) {
    // git anchors a hunk without trailing context to the end of the file; models often omit it.
    const padded = renderDiff(files.map((f) => padTrailingContext(f, before.get(f.path) ?? null)));
    if (padded !== diff) {
      const retry = await gitApplyInScratch(padded, before, paths, { recount: true });
      if (retry.ok) result = retry;
    }
  }
  if (!result.ok) throw new RepairAgentError('SMOKE_LLM_DIFF_DOES_NOT_APPLY', `the diff does not apply: ${result.error.split('\n').slice(0, 6).join('; ')}`);
  const changed: string[] = [];
  for (const path of paths) {
    const after = result.files.get(path) ?? null;
    if (after === null || after === before.get(path)) continue;
    await tree.write(path, after);
    changed.push(path);
  }
  return changed;
}

/**
 * Gives each hunk with less trailing than leading context the file's following lines as
 * context, found where the hunk's old lines occur nearest to the line its header names.
 */
export function padTrailingContext(file: ParsedDiffFile, content: string | null): ParsedDiffFile {
  if (content === null) return file;
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const hunks = file.hunks.map((hunk) => {
    const changes = hunk.lines.map((l, i) => (l.startsWith('+') || l.startsWith('-') ? i : -1)).filter((i) => i >= 0);
    const leading = changes[0]!;
    const trailing = hunk.lines.length - 1 - changes.at(-1)!;
    if (trailing >= leading || trailing >= 3) return hunk;
    const old = hunk.lines.filter((l) => l.startsWith(' ') || l.startsWith('-')).map((l) => l.slice(1));
    const stated = Number(/^@@ -(\d+)/.exec(hunk.header)![1]) - 1;
    let best = -1;
    for (let at = 0; at + old.length <= lines.length; at++) {
      if (old.every((l, k) => lines[at + k] === l) && (best < 0 || Math.abs(at - stated) < Math.abs(best - stated))) best = at;
    }
    if (best < 0) return hunk;
    const extra = lines.slice(best + old.length, best + old.length + (Math.min(3, leading) - trailing)).map((l) => ` ${l}`);
    return { ...hunk, lines: [...hunk.lines, ...extra] };
  });
  return { ...file, hunks };
}
