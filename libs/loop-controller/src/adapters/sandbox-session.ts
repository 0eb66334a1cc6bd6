import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError, type AppRunner } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { LoopResult } from '../loop/loop-result.js';
import { rebaseConfig, withAppTempDir, withDisposableData } from '../sandbox/rebase-config.js';
import { withFreshState } from '../sandbox/with-fresh-state.js';
import { commitToNewBranch, branchCommitMessage } from './branch-commit.js';
import { writeAcceptedFiles } from './final-write.js';
import { removeEmptyJournalDir, userJournalDir } from './journal-dir.js';
import { openJournaledWorkspace, recoverJournals, type JournaledWorkspace } from './journaled-workspace.js';
import { runBuildCommand, type CommandBounds } from './build-command.js';
import { remainingMs } from './run-shell.js';
import { runResetCommand } from './reset-command.js';
import { createSandbox } from './sandbox.js';
import { findSandboxEscapes } from './sandbox-escapes.js';

/** Where the loop runs the app and patches it: a sandbox, or the user's tree (loop.sandbox false). */
export interface LoopSite {
  /** The config the loop runs with (paths into the sandbox). */
  readonly config: RepairLoopConfig;
  readonly workspace: JournaledWorkspace;
  /** Wraps the runner so every start begins from the same data. */
  freshStarts(runner: AppRunner): AppRunner;
  /** Writes the accepted changes to the user's tree (or a branch), once; returns what it did. */
  finish(result: LoopResult, options: { interrupted: boolean; warn: (detail: string) => void }): Promise<LoopResult>;
  /** Removes the sandbox (unless kept) and closes the workspace. */
  close(): Promise<void>;
}

/** Options of `openLoopSite`. */
export interface LoopSiteOptions {
  /** Where app journals live (default `defaultJournalRoot()`); tests pass a temp dir. */
  readonly journalRoot?: string;
  /** Told what a crashed run's recovery refused to restore. */
  readonly warn?: (line: string) => void;
  /** The loop's time budget and interrupt: `app.reset` and `app.build` are killed when it aborts. */
  readonly signal?: AbortSignal;
  /** When the time budget ends (epoch ms): each reset and build gets what is left of it. */
  readonly deadline?: number;
}

/**
 * Opens where the loop works. With `loop.sandbox` (the default) the user's tree is copied into
 * a sandbox first — after undoing what a crashed earlier run left half-written, and after making
 * sure the copy would really run its own code — and the user's files are written only by
 * `finish`. Without it, the tree itself is patched, journaled, as before.
 */
export async function openLoopSite(loaded: RepairLoopConfig, options: LoopSiteOptions = {}): Promise<LoopSite> {
  const userRoot = loaded.smoke.app.root;
  // Outside the tree, keyed by its real path: a repository cannot ship a journal (an old
  // artifacts/.journal is never read).
  const userJournal = await userJournalDir(userRoot, options.journalRoot);
  const { reset, build } = loaded.smoke.app;
  const bounds = (): CommandBounds => ({
    timeoutMs: remainingMs(options.deadline, loaded.loop.timeBudgetMs),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!loaded.loop.sandbox)
    return inPlace(loaded, await openJournaledWorkspace(userRoot, userJournal), reset, build, userJournal, bounds);

  await recoverJournals(userJournal, userRoot, options.warn);
  const escapes = await findSandboxEscapes(userRoot);
  if (escapes.length > 0) {
    throw new ConfigError(
      `the app would not run its sandbox copy's code, so patches could not be verified:\n  ${escapes.join('\n  ')}\n` +
        `Reinstall without -e / npm link, or set loop.sandbox: false to patch the tree in place (journaled).`,
      loaded.smoke.configPath,
    );
  }
  const sandbox = await createSandbox(userRoot, {
    exclude: [loaded.smoke.artifactsDir, join(loaded.smoke.configDir, '.smoke-repair')],
  });
  let workspace: JournaledWorkspace;
  try {
    workspace = await openJournaledWorkspace(sandbox.root, join(dirname(sandbox.root), '.journal'));
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
  const rebased = rebaseConfig(loaded, userRoot, sandbox.root);
  const config = {
    ...rebased,
    smoke: withDisposableData(withAppTempDir(rebased.smoke, join(dirname(sandbox.root), 'tmp'))),
  };
  await mkdir(join(dirname(sandbox.root), 'tmp'), { recursive: true });
  let resets = 0;
  let resetMs = 0;
  const beforeStart = async () => {
    const started = Date.now();
    await sandbox.resetData(new Set(await workspace.changedFiles()));
    resets++;
    resetMs += Date.now() - started;
    if (reset) await runResetCommand(reset, sandbox.root, bounds());
    // After the data reset, which puts the build's output back as it was copied: every start runs
    // what the tree's source (with the patches under trial) compiles to.
    if (build) await runBuildCommand(build, sandbox.root, bounds());
  };
  return {
    config,
    workspace,
    freshStarts: (runner) => withFreshState(runner, beforeStart),
    async finish(result, { interrupted, warn }) {
      const files = await workspace.changedFiles();
      const sandboxInfo = {
        path: dirname(sandbox.root),
        kept: loaded.loop.keepSandbox,
        copyMs: sandbox.copyMs,
        resets,
        resetMs,
      };
      const done = (applied: NonNullable<LoopResult['applied']>, extra: Partial<LoopResult> = {}): LoopResult => ({
        ...result,
        ...extra,
        applied,
        sandbox: sandboxInfo,
      });
      if (files.length === 0) return done({ to: 'none', files: [], conflicts: [] });
      // Ctrl-C or a kill: nothing half-verified reaches the user's files; accepted.patch has it all.
      if (interrupted || loaded.loop.apply === 'none') return done({ to: 'none', files: [], conflicts: [] });
      if (loaded.loop.branch) {
        const committed = await commitToNewBranch({
          appRoot: userRoot,
          sourceRoot: sandbox.root,
          branch: loaded.loop.branch,
          files,
          message: branchCommitMessage(result),
        }).catch((error: Error) => {
          warn(`no branch created: ${error.message}`);
          return undefined;
        });
        if (committed === null) warn(`no branch created: ${userRoot} is not inside a git repository`);
        return done(
          { to: committed ? 'branch' : 'none', files: committed ? files : [], conflicts: [] },
          committed ? { branch: committed.branch } : {},
        );
      }
      const written = await writeAcceptedFiles(sandbox, files, userJournal);
      if (written.conflicts.length > 0) {
        warn(
          `not written, changed in your tree during the run: ${written.conflicts.join(', ')} (their accepted ` +
            `changes are in ${result.patchFile ?? 'accepted.patch'})`,
        );
      }
      return done({ to: 'tree', files: [...written.written], conflicts: [...written.conflicts] });
    },
    async close() {
      await workspace.close().catch(() => undefined);
      await removeEmptyJournalDir(userJournal);
      if (!loaded.loop.keepSandbox) await sandbox.remove();
    },
  };
}

function inPlace(
  loaded: RepairLoopConfig,
  workspace: JournaledWorkspace,
  reset: string | undefined,
  build: string | undefined,
  journalDir: string,
  bounds: () => CommandBounds,
): LoopSite {
  const root = loaded.smoke.app.root;
  const beforeStart = async () => {
    if (reset) await runResetCommand(reset, root, bounds());
    if (build) await runBuildCommand(build, root, bounds());
  };
  return {
    config: reset ? { ...loaded, smoke: withDisposableData(loaded.smoke) } : loaded,
    workspace,
    freshStarts: (runner) => (reset || build ? withFreshState(runner, beforeStart) : runner),
    async finish(result, { warn }) {
      const files = await workspace.changedFiles();
      let extra: Partial<LoopResult> = {};
      if (loaded.loop.branch && result.patchFile) {
        const committed = await commitToNewBranch({
          appRoot: root,
          branch: loaded.loop.branch,
          files,
          message: branchCommitMessage(result),
        }).catch((error: Error) => {
          warn(`no branch created: ${error.message}`);
          return undefined;
        });
        if (committed) extra = { branch: committed.branch };
        else if (committed === null) warn(`no branch created: ${root} is not inside a git repository`);
      }
      return { ...result, ...extra, applied: { to: 'in-place', files, conflicts: [] } };
    },
    async close() {
      await workspace.close();
      await removeEmptyJournalDir(journalDir);
    },
  };
}
