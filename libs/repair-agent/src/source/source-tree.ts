import type { FileEdit } from '../types.js';

/** Read access to the app's files (the real tree, or an in-memory one in tests). */
export interface FileSource {
  readonly root: string;
  /** Content of a file relative to root, or null when absent or unreadable. */
  read(path: string): Promise<string | null>;
  /** Relative paths of the project's files (dependency, build and VCS folders excluded). */
  list(): Promise<string[]>;
  /** True when the path (or a parent) is a symlink leading outside root. */
  escapesRoot(path: string): Promise<boolean>;
}

/**
 * The app tree as the repair round sees it: the real files plus the edits accepted so far, so
 * each root cause is repaired on top of the fixes before it and the patches compose in order.
 */
export interface SourceTree {
  readonly root: string;
  read(path: string): Promise<string | null>;
  list(): Promise<string[]>;
  write(path: string, content: string): Promise<void>;
  /** A point to return to when a proposal is rejected. */
  mark(): number;
  rollback(mark: number): void;
  /** The files changed since `mark`, with their content then and now. */
  editsSince(mark: number): Promise<FileEdit[]>;
  escapesRoot(path: string): Promise<boolean>;
}

/** Wraps a FileSource in a copy-on-write overlay. */
export function createSourceTree(source: FileSource): SourceTree {
  const layers: Map<string, string | null>[] = [new Map()];
  const current = (path: string): string | null | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) if (layers[i]!.has(path)) return layers[i]!.get(path);
    return undefined;
  };
  const read = async (path: string): Promise<string | null> => {
    const overlay = current(path);
    return overlay !== undefined ? overlay : source.read(path);
  };
  return {
    root: source.root,
    read,
    async list() {
      const listed = new Set(await source.list());
      for (const layer of layers) {
        for (const [path, content] of layer) {
          if (content === null) listed.delete(path);
          else listed.add(path);
        }
      }
      return [...listed].sort();
    },
    async write(path, content) {
      layers.at(-1)!.set(path, content);
    },
    mark() {
      layers.push(new Map());
      return layers.length - 1;
    },
    rollback(mark) {
      layers.length = Math.max(1, mark);
    },
    async editsSince(mark) {
      const touched = new Set<string>();
      for (const layer of layers.slice(mark)) for (const path of layer.keys()) touched.add(path);
      const edits: FileEdit[] = [];
      for (const path of [...touched].sort()) {
        const before = await readAt(path, mark);
        const after = await read(path);
        if (before !== after) edits.push({ path, before, after });
      }
      return edits;
    },
    escapesRoot: (path) => source.escapesRoot(path),
  };

  async function readAt(path: string, mark: number): Promise<string | null> {
    for (let i = mark - 1; i >= 0; i--) if (layers[i]!.has(path)) return layers[i]!.get(path)!;
    return source.read(path);
  }
}
