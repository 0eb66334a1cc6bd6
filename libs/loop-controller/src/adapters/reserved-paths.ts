import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ReservedPath } from '@smoke-repair/repair-agent';
import type { RepairLoopConfig } from '../config/loop-config.js';

/**
 * The tool's own files inside the app root, protected for every strategy on top of the user's
 * `repair.policy.protectedPaths`: a patch that rewrites the config could change the runner's
 * command or loosen the policy and budgets of the next run; one in the artifacts or the pattern
 * store would forge what the tool reports and learns. `root`: the user's app root (with a
 * sandbox, the patches' paths are relative to its copy of that root).
 */
export function reservedPaths(config: RepairLoopConfig, root: string = config.smoke.app.root): ReservedPath[] {
  const paths: ReservedPath[] = [];
  const own = underRoot(root, config.smoke.configPath);
  if (own)
    paths.push({ glob: escapeGlob(own), what: `smoke-repair's own config (${basename(config.smoke.configPath)})` });
  const artifacts = underRoot(root, config.smoke.artifactsDir);
  if (artifacts)
    paths.push({ glob: `${escapeGlob(artifacts)}/**`, what: `in smoke-repair's artifacts directory (${artifacts})` });
  const store = config.patterns.store.startsWith('file:') ? underRoot(root, config.patterns.store.slice(5)) : null;
  if (store) paths.push({ glob: escapeGlob(store), what: "smoke-repair's pattern store" });
  return paths;
}

// `path` relative to `root` when it is strictly inside it (as given or once symlinks are
// resolved: /tmp may be a link), else null.
function underRoot(root: string, path: string): string | null {
  if (!isAbsolute(path)) return null;
  for (const [r, p] of [
    [resolve(root), resolve(path)],
    [real(root), real(path)],
  ] as const) {
    const rel = relative(r, p);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return null;
}

// The real path of `path`, or of its nearest existing ancestor joined with the rest.
function real(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync.native(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(real(parent), basename(absolute));
}

/**
 * A literal path as a picomatch glob matching that path alone: every character picomatch reads
 * as syntax (wildcards, classes, braces, extglobs, negation, quotes, regex anchors) is escaped
 * with a backslash. A backslash itself becomes the class `[\\]`: picomatch folds a run of escaped
 * backslashes into one.
 */
export function escapeGlob(path: string): string {
  return [...path].map((char) => (char === '\\' ? '[\\\\]' : GLOB_SYNTAX.has(char) ? `\\${char}` : char)).join('');
}

const GLOB_SYNTAX = new Set('*?[]{}()!+@|^$,"');
