import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The agent's network: `host` (shared: the LLM endpoint is on loopback) or `none` (its own, empty). */
export type AgentNetwork = 'host' | 'none';

/** Where an agent may write: its scratch copy and the folder of its prompt and context files. */
export interface ConfinedPaths {
  readonly appDir: string;
  readonly ioDir: string;
  /**
   * More paths the agent reads (its verify command's inputs): visible read-only even when they
   * lie under /tmp, which is otherwise the agent's private, empty one.
   */
  readonly readOnly?: readonly string[];
}

/** The outcome of looking for a sandbox: bubblewrap's path, or why there is none. */
export type Confinement =
  | { readonly kind: 'bwrap'; readonly bwrap: string }
  | { readonly kind: 'none'; readonly reason: string };

const SELF_TEST_TIMEOUT_MS = 10_000;
const checked = new Map<string, Promise<Confinement>>();

/**
 * Looks for bubblewrap (`bwrap` on PATH) and runs it once on `true` with the mounts an agent gets
 * (a machine without user namespaces fails here): memoised per PATH and network, so a run tests
 * it once. Never rejects.
 */
export function findConfinement(network: AgentNetwork, path = process.env['PATH'] ?? ''): Promise<Confinement> {
  const key = `${network}\0${path}`;
  let found = checked.get(key);
  if (!found) {
    found = selfTest(network, path);
    checked.set(key, found);
  }
  return found;
}

async function selfTest(network: AgentNetwork, path: string): Promise<Confinement> {
  const bwrap = path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'bwrap'))
    .find(isExecutable);
  if (!bwrap) return { kind: 'none', reason: 'bwrap (bubblewrap) is not on PATH' };
  const args = [...baseArgs(network), '--', 'true'];
  return new Promise((resolve) => {
    execFile(bwrap, args, { timeout: SELF_TEST_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) resolve({ kind: 'bwrap', bwrap });
      else
        resolve({
          kind: 'none',
          reason:
            `${bwrap} fails its self-test (${String(stderr).trim() || error.message}); user namespaces may be ` +
            `disabled`,
        });
    });
  });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bwrap argv prefix (up to and including `--`) for an agent: the whole filesystem read-only,
 * a private /tmp, fresh /dev and /proc (its own pid namespace), write access to `paths` only,
 * the network shared unless `none`. No new session: the agent stays in the process group the
 * strategy kills on timeout; `--die-with-parent` ends it with its runner.
 */
export function bwrapArgs(bwrap: string, paths: ConfinedPaths, network: AgentNetwork): string[] {
  const readOnly = (paths.readOnly ?? []).flatMap((path) => ['--ro-bind-try', path, path]);
  return [
    bwrap,
    ...baseArgs(network),
    ...readOnly,
    '--bind',
    paths.appDir,
    paths.appDir,
    '--bind',
    paths.ioDir,
    paths.ioDir,
    '--chdir',
    paths.appDir,
    '--',
  ];
}

function baseArgs(network: AgentNetwork): string[] {
  return [
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
    '--unshare-pid',
    '--die-with-parent',
    ...(network === 'none' ? ['--unshare-net'] : []),
  ];
}
