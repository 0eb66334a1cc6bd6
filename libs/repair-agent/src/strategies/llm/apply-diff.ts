import { gitApplyInScratch } from '../../adapters/git-apply.js';
import { RepairAgentError } from '../../errors.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { ParsedDiffFile } from './parse-diff.js';

/**
 * Applies a parsed diff to the overlay tree: the files it names are read from the tree, patched
 * by real `git apply --recount` in a scratch directory and written back. The user's files are
 * never touched; the engine re-diffs the tree and checks the policy.
 */
export async function applyDiffToTree(diff: string, files: readonly ParsedDiffFile[], tree: SourceTree): Promise<string[]> {
  const paths = files.map((f) => f.path);
  const before = new Map<string, string | null>();
  for (const path of paths) before.set(path, await tree.read(path));
  const result = await gitApplyInScratch(diff, before, paths, { recount: true });
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
