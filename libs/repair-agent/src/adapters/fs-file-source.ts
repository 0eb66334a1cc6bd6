import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileSource } from '../source/source-tree.js';

// Never part of the app's own code, and often huge.
const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  'dist',
  'build',
  '.smoke-repair',
  'artifacts',
  '.nx',
  'coverage',
]);
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The app's files on disk (read-only: edits live in the SourceTree overlay). */
export function createFsFileSource(root: string): FileSource {
  let listing: Promise<string[]> | undefined;
  return {
    root,
    async read(path) {
      try {
        const stats = await lstat(join(root, path));
        if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return null;
        return await readFile(join(root, path), 'utf8');
      } catch {
        return null;
      }
    },
    list() {
      listing ??= walk(root, '');
      return listing;
    },
    async escapesRoot(path) {
      try {
        const real = await realpath(join(root, path));
        const realRoot = await realpath(root);
        const rel = relative(realRoot, real);
        return rel.startsWith('..') || rel.startsWith(sep);
      } catch {
        return false;
      }
    },
  };
}

async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await walk(root, rel)));
    } else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}
