import { createSourceTree, type SourceTree } from '../../source/source-tree.js';

/** A SourceTree over in-memory files (no disk, no symlinks). */
export function memoryTree(files: Record<string, string>, root = '/app'): SourceTree {
  return createSourceTree({
    root,
    read: async (path) => files[path] ?? null,
    list: async () => Object.keys(files).sort(),
    escapesRoot: async () => false,
  });
}
