import type { SourceTree } from '../../../source/source-tree.js';
import { EditApplyError, type ModelEdit } from './edit.js';
import { replaceBlock, type MatchTier } from './match-block.js';
import { resolvePath } from './resolve-path.js';

/** The new content of every file the edits change (nothing is written yet). */
export interface AppliedEdits {
  readonly files: ReadonlyMap<string, string>;
  /** How each edit was placed, in answer order (`create` / `whole` for those kinds). */
  readonly tiers: readonly (MatchTier | 'create' | 'whole')[];
}

/**
 * Applies a model's edits, in order, to the current content of the tree's files, in memory:
 * several edits of one file build on each other. All or nothing: the first edit that cannot be
 * placed throws an `EditApplyError` naming the edit, its file and the precise reason.
 */
export async function applyEdits(edits: readonly ModelEdit[], tree: SourceTree): Promise<AppliedEdits> {
  const files = await tree.list();
  const current = new Map<string, string | null>();
  const read = async (path: string): Promise<string | null> => {
    if (!current.has(path)) current.set(path, await tree.read(path));
    return current.get(path)!;
  };
  const tiers: (MatchTier | 'create' | 'whole')[] = [];
  for (const [n, edit] of edits.entries()) {
    // Aider's convention: an empty SEARCH for a file that does not exist creates it.
    const creates = edit.kind === 'create' || (edit.kind === 'replace' && edit.search.every((l) => l.trim() === ''));
    let resolved = resolvePath(edit.path, files, tree.root, { create: creates });
    if (!resolved.ok && edit.kind === 'replace' && edit.altPath) resolved = resolvePath(edit.altPath, files, tree.root);
    if (!resolved.ok) throw new EditApplyError(`edit ${n + 1} (${describe(edit)} of ${edit.path}): ${resolved.reason}`);
    const path = resolved.path;
    const label = `edit ${n + 1} (${describe(edit)} of ${path})`;
    const before = await read(path);
    if (edit.kind === 'create') {
      if (before !== null && before !== edit.content)
        throw new EditApplyError(`${label}: ${path} already exists; edit it instead of creating it`);
      current.set(path, edit.content);
      tiers.push('create');
      continue;
    }
    if (before === null && edit.kind === 'replace' && creates) {
      current.set(path, edit.replace.length > 0 ? `${edit.replace.join('\n')}\n` : '');
      tiers.push('create');
      continue;
    }
    if (before === null) throw new EditApplyError(`${label}: ${path} does not exist`);
    if (edit.kind === 'whole') {
      const fragment = wholeFileProblem(before, edit.content);
      if (fragment) throw new EditApplyError(`${label}: ${fragment}`);
      current.set(path, edit.content);
      tiers.push('whole');
      continue;
    }
    const lines = before.split('\n');
    const trailingNewline = lines.at(-1) === '';
    if (trailingNewline) lines.pop();
    const placed = replaceBlock(lines, edit.search, edit.replace);
    if (!placed.ok) throw new EditApplyError(`${label}: ${placed.reason}`);
    current.set(path, placed.lines.join('\n') + (trailingNewline ? '\n' : ''));
    tiers.push(placed.tier);
  }
  const changed = new Map<string, string>();
  for (const [path, content] of current) {
    if (content !== null && content !== (await tree.read(path))) changed.set(path, content);
  }
  return { files: changed, tiers };
}

/** Writes applied edits to the overlay tree; returns the changed paths. */
export async function writeEdits(applied: AppliedEdits, tree: SourceTree): Promise<string[]> {
  for (const [path, content] of applied.files) await tree.write(path, content);
  return [...applied.files.keys()];
}

function describe(edit: ModelEdit): string {
  if (edit.kind === 'create') return 'new file';
  if (edit.kind === 'whole') return 'whole file';
  return edit.source === 'diff' ? 'diff hunk' : 'SEARCH/REPLACE';
}

// A "whole file" that is really a fragment (the changed function only, or with "..." for the
// rest) would delete the rest of the file.
function wholeFileProblem(before: string, after: string): string | null {
  const old = before.split('\n').filter((l) => l.trim() !== '').length;
  const lines = after.split('\n');
  const now = lines.filter((l) => l.trim() !== '').length;
  if (
    lines.some((l) => /^\s*(\.\.\.|…|(#|\/\/)\s*\.\.\..*)\s*$/.test(l)) &&
    !before.split('\n').some((l) => /^\s*(\.\.\.|…)\s*$/.test(l))
  ) {
    return 'the whole-file answer elides code with "...": send the complete file, or a SEARCH/REPLACE block';
  }
  if (old >= 8 && now < old * 0.6)
    return (
      `the whole-file answer has ${now} of the file's ${old} lines: it looks like a fragment; send the ` +
      `complete file, or a SEARCH/REPLACE block`
    );
  return null;
}
