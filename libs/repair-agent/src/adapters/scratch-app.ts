import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createFsFileSource } from './fs-file-source.js';
import { isInsideRoot } from '../policy/patch-policy.js';
import type { SourceTree } from '../source/source-tree.js';
import { isAgentState } from '../strategies/command/agent-state.js';

/** What a command did to its scratch copy, relative to the app root. */
export interface ScratchChanges {
  readonly changed: ReadonlyMap<string, string>;
  readonly deleted: readonly string[];
  /** Agent state it wrote (chat history, caches): never part of the patch. */
  readonly state: ReadonlyMap<string, string>;
}

/**
 * Writes the tree as the round sees it (the user's files plus the edits accepted so far) into
 * `dir`, file by file as the tree lists them (dependency, build and VCS folders excluded).
 * Returns the contents written, to compare with afterwards.
 */
export async function materializeTree(tree: SourceTree, dir: string): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  for (const path of await tree.list()) {
    if (!isInsideRoot(path)) continue;
    const content = await tree.read(path);
    if (content === null) continue;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    written.set(path, content);
  }
  return written;
}

/**
 * Files the command added, changed or removed (same listing rules; symlinks are not followed).
 * Paths matching `statePatterns` (see `isAgentState`) are set apart as agent state.
 */
export async function collectChanges(
  dir: string,
  before: ReadonlyMap<string, string>,
  statePatterns: readonly string[] = [],
): Promise<ScratchChanges> {
  const source = createFsFileSource(dir);
  const now = new Set(await source.list());
  const changed = new Map<string, string>();
  const state = new Map<string, string>();
  for (const path of now) {
    const content = await source.read(path);
    if (content === null || content === before.get(path)) continue;
    (isAgentState(path, statePatterns) ? state : changed).set(path, content);
  }
  const deleted = [...before.keys()].filter((path) => !now.has(path) && !isAgentState(path, statePatterns)).sort();
  return { changed, deleted, state };
}
