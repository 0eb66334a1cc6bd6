import { mkdir, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createRunnerFromConfig,
  makeScratchDir,
  runSmoke,
  type AppRunner,
  type SmokeConfig,
  type SmokeResult,
} from '@smoke-repair/smoke-validator';
import { runBuildCommand } from './build-command.js';
import { runResetCommand } from './reset-command.js';
import { createSandbox, LINKED_DIRS } from './sandbox.js';
import { rebaseSmokeConfig, withAppTempDir } from '../sandbox/rebase-config.js';
import { withFreshState } from '../sandbox/with-fresh-state.js';
import { freePort, withRunnerPort } from '../verify/free-port.js';
import { readVerifySpec } from './verify-spec.js';

/** Options of `runCauseVerify`. */
export interface CauseVerifyOptions {
  /** The spec file the loop wrote (see `writeVerifySpec`). */
  readonly specPath: string;
  /** The copy to check: an agent's scratch copy of the app. */
  readonly appDir: string;
  /** The root cause's failing scenario ids (HTTP) or test node ids. */
  readonly targets: readonly string[];
  readonly out: (line: string) => void;
}

/**
 * The loop's smoke, run against `appDir` instead of the loop's copy: `appDir` copied once more
 * (the app's data writes never reach the agent's copy, so never its patch), the dependency
 * folders of the loop's root linked in, `app.reset` and `app.build` run as the loop runs them, a
 * process runner on a free loopback port (the loop's app holds the configured one). Every
 * scenario of the smoke runs — a failing scenario may need the ids an earlier one creates — and
 * the targets are judged: one `PASS id` / `FAIL id: why` line each. Returns 0 when every target
 * passed, 1 otherwise.
 */
export async function runCauseVerify(options: CauseVerifyOptions): Promise<number> {
  const spec = await readVerifySpec(options.specPath);
  const work = await makeScratchDir('smoke-repair-verify-');
  try {
    const sandbox = await createSandbox(options.appDir, { parentDir: work });
    await linkDependencies(spec.root, sandbox.root);
    const tmp = join(work, 'tmp');
    await mkdir(tmp, { recursive: true });
    let config: SmokeConfig = {
      ...withAppTempDir(rebaseSmokeConfig(spec.config, spec.root, sandbox.root), tmp),
      artifactsDir: join(work, 'artifacts'),
    };
    const runnerConfig = config.app.runner;
    if (runnerConfig.kind === 'process') config = withRunnerPort(config, await freePort(runnerConfig.host));
    const runner = freshStarts(createRunnerFromConfig(config), config, sandbox.root);
    try {
      const run = await runSmoke(config, { runner: runner ?? null, writeReports: false });
      return judge(run.result, options.targets, options.out);
    } finally {
      await runner?.stop().catch(() => undefined);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// `app.reset` then `app.build` before every start, in the copy, as the loop does.
function freshStarts(runner: AppRunner | undefined, config: SmokeConfig, root: string): AppRunner | undefined {
  const { reset, build } = config.app;
  if (!runner || (!reset && !build)) return runner;
  return withFreshState(runner, async () => {
    if (reset) await runResetCommand(reset, root);
    if (build) await runBuildCommand(build, root, { timeoutMs: 600_000 });
  });
}

// The scratch copy has no dependency folders (they are never patched): the loop root's, linked.
async function linkDependencies(from: string, to: string): Promise<void> {
  const present = new Set(await readdir(to));
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (!LINKED_DIRS.has(entry.name) || present.has(entry.name)) continue;
    await symlink(await realpath(join(from, entry.name)), join(to, entry.name));
  }
}

function judge(result: SmokeResult, targets: readonly string[], out: (line: string) => void): number {
  const scenarios = new Map(result.scenarios.map((s) => [s.id, s]));
  let failed = 0;
  for (const id of targets) {
    const scenario = scenarios.get(id);
    if (scenario?.status === 'passed') {
      out(`PASS ${id}`);
      continue;
    }
    failed++;
    const violation = result.violations.find((v) => v.scenarioId === id || v.nodeid === id);
    const why = violation
      ? `${violation.kind}: ${violation.message}`
      : scenario
        ? `${scenario.status}${scenario.blockedBy.length ? ` by ${scenario.blockedBy.join(', ')}` : ''}`
        : 'not run (no such scenario)';
    out(`FAIL ${id}: ${why.split('\n')[0]}`);
  }
  out(`${targets.length - failed} of ${targets.length} passed`);
  return failed === 0 ? 0 : 1;
}
