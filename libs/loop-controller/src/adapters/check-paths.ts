import { realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type SmokeConfig } from '@smoke-repair/smoke-validator';

/** What `assertConfigPaths` checks besides the smoke config. */
export interface PathChecks {
  /** Check that `app.root` is a directory (not needed to smoke an app already running). */
  readonly appRoot?: boolean;
  /** A pattern store URI: a `file:` one must not name a directory (nor sit under a file). */
  readonly store?: string;
}

/**
 * The paths of a loaded config, checked before anything starts (a smoke, a sandbox copy, a
 * lock): `app.root` exists and is a directory, the artifacts directory is not a file (nor under
 * one), a file store is not a directory (nor under a file). Throws `ConfigError` naming the field.
 */
export function assertConfigPaths(smoke: SmokeConfig, checks: PathChecks = {}): void {
  const fail = (message: string) => {
    throw new ConfigError(message, smoke.configPath);
  };
  if (checks.appRoot !== false) {
    const root = stat(smoke.app.root);
    if (!root) fail(`app.root: ${smoke.app.root} does not exist`);
    else if (!root.isDirectory()) fail(`app.root: ${smoke.app.root} is not a directory`);
  }
  // Without a runner the app is already running: the log it writes must already be there.
  if (smoke.app.logFile && smoke.app.runner.kind === 'none') {
    const log = stat(smoke.app.logFile);
    if (!log) fail(`app.logFile: ${smoke.app.logFile} does not exist (the running app's log, read for stack traces)`);
    else if (!log.isFile()) fail(`app.logFile: ${smoke.app.logFile} is not a regular file`);
  }
  const artifacts = stat(smoke.artifactsDir);
  if (artifacts && !artifacts.isDirectory()) fail(`artifactsDir: ${smoke.artifactsDir} is a file, not a directory`);
  const artifactsBlocker = !artifacts && fileAbove(smoke.artifactsDir);
  if (artifactsBlocker) fail(`artifactsDir: ${smoke.artifactsDir} cannot be created: ${artifactsBlocker} is a file`);
  const storePath = checks.store?.startsWith('file:') ? checks.store.slice(5) : undefined;
  if (storePath !== undefined) {
    const absolute = resolve(smoke.configDir, storePath);
    // A virtual filesystem or a device (a FIFO would block the store's first read forever).
    if (onVirtualFs(absolute))
      fail(`patterns.store: ${storePath} is on a virtual filesystem (/proc, /sys, /dev); name a regular file`);
    const store = stat(absolute);
    if (store?.isDirectory())
      fail(
        `patterns.store: ${storePath} is a directory; name a file ` +
          `(e.g. ${storePath.replace(/\/+$/, '')}/patterns.jsonl)`,
      );
    if (store && !store.isFile())
      fail(`patterns.store: ${storePath} is not a regular file (a device, a FIFO or a socket)`);
    const storeBlocker = !store && fileAbove(absolute);
    if (storeBlocker) fail(`patterns.store: ${storePath} cannot be created: ${storeBlocker} is a file`);
  }
}

// The real path of the nearest existing ancestor, under /proc, /sys or /dev.
function onVirtualFs(path: string): boolean {
  for (let current = path; ; current = dirname(current)) {
    if (stat(current)) {
      let real = current;
      try {
        real = realpathSync(current);
      } catch {
        // Unreadable: judged by its name.
      }
      return /^\/(proc|sys|dev)(\/|$)/.test(real);
    }
    if (dirname(current) === current) return false;
  }
}

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

// The nearest existing ancestor of a path that does not exist, when it is not a directory.
function fileAbove(path: string): string | null {
  for (let current = dirname(path); ; current = dirname(current)) {
    const found = stat(current);
    if (found) return found.isDirectory() ? null : current;
    if (dirname(current) === current) return null;
  }
}
