import { readdirSync } from 'node:fs';

// Directories that never hold the app's own sources and can be huge.
const SKIPPED = new Set([
  'node_modules',
  '.git',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  'build',
  'dist',
  '.gradle',
  '.idea',
]);
const MAX_FILES = 200_000;

/** Java/Kotlin/Scala/Groovy sources: what log-parser resolves Java frames against. */
export const JVM_SOURCE = /\.(java|kt|scala|groovy)$/;

/**
 * Lists files under `root` (relative paths, sorted) whose names match `pattern`, skipping
 * dependency and build directories. Unreadable directories are skipped; a missing root gives [].
 * log-parser does no I/O: callers hand this list to it as `sourceFiles`.
 */
export function listSourceFiles(root: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0 && out.length < MAX_FILES) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir ? `${root}/${dir}` : root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) pending.push(rel);
      else if (entry.isFile() && pattern.test(entry.name)) out.push(rel);
    }
  }
  return out.sort();
}
