/**
 * Signals at random moments of `smoke-repair run` (issue: "at least 20 trials"): SIGINT to the
 * process group (Ctrl-C), SIGTERM, SIGHUP (the terminal closed) and SIGKILL to the CLI alone (a
 * supervisor, the OOM killer),
 * at a delay drawn from a seeded generator (the seed is printed; SMOKE_REPAIR_SIGNAL_SEED replays
 * a run). Whatever the moment — start-up, baseline, repair, restart, re-smoke, the final write
 * — the user's tree, HEAD, index and stash are byte-identical afterwards (or hold exactly the
 * accepted change, all of it, when the run got to its final write first), and no app process is
 * left behind. A SIGKILL
 * can land inside the final write: then the next run's recovery (recoverJournals) undoes it.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopResultSchema, recoverJournals } from '@smoke-repair/loop-controller';
import { agent } from './support/apps.js';
import {
  freePort,
  killLeftovers,
  portOpen,
  processesUnder,
  runCli,
  sandboxProcesses,
  waitFor,
} from './support/processes.js';
import { FIXTURES, copyApp, gitState, makeUserRepo, snapshotTree, writeConfig } from './support/user-tree.js';

const TRIALS = 24;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const;
const seed = Number(process.env['SMOKE_REPAIR_SIGNAL_SEED'] ?? Date.now() % 100_000);
console.log(`random-signals: seed ${seed} (SMOKE_REPAIR_SIGNAL_SEED=${seed} replays these moments)`);

// mulberry32: a small seeded generator, so a failing trial can be replayed exactly.
function generator(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const trials = Array.from({ length: TRIALS }, (_, i) => ({
  trial: i + 1,
  signal: SIGNALS[i % SIGNALS.length]!,
  delayMs: Math.round(150 + random() * 9_000),
}));

const base = mkdtempSync(join(tmpdir(), 'loop-random-signals-'));
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('signals at random moments of run', () => {
  it.each(trials)(
    'trial $trial: $signal after $delayMs ms leaves the user tree as it was and nothing running',
    async ({ trial, signal, delayMs }) => {
      const dir = join(base, `t${trial}`, 'stateful-app');
      copyApp(join(FIXTURES, 'stateful-app'), dir);
      const port = await freePort();
      const artifacts = join(base, `t${trial}`, 'artifacts');
      const config = writeConfig(dir, {
        app: {
          root: '.',
          runner: {
            kind: 'process',
            command: ['python3', '-B', 'server.py'],
            port,
            readiness: { path: '/health', timeoutMs: 15_000, intervalMs: 50 },
            stopTimeoutMs: 2_000,
          },
        },
        smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000, logSettleMs: 300 },
        artifactsDir: artifacts,
        loop: { timeBudgetMs: 120_000, targetPassRate: 1 },
        repair: { strategies: ['command'], command: { command: agent('fix.py'), timeoutMs: 30_000, killGraceMs: 500 } },
        patterns: { store: `file:${join(base, `t${trial}`, 'patterns.jsonl')}` },
      });
      makeUserRepo(dir, { stashFile: 'README.md', stagedFile: 'server.py', editedFile: 'seed.py' });
      const files = snapshotTree(dir);
      const repo = gitState(dir);
      const run = runCli(['--config', config], { cwd: dir });
      await new Promise((r) => setTimeout(r, delayMs));
      // A run that already ended has nobody left to signal: that moment is "after the end".
      try {
        if (signal === 'SIGINT') run.ctrlC();
        else run.child.kill(signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
      const done = await run.done;

      expect(await waitFor(async () => !(await portOpen(port)), 15_000, 50), 'the app still listens').toBe(true);
      expect(
        await waitFor(
          () => sandboxProcesses().length === 0 && processesUnder(join(base, `t${trial}`)).length === 0,
          15_000,
        ),
        'app processes left',
      ).toBe(true);
      if (signal === 'SIGKILL') await recoverJournals(join(artifacts, '.journal'), dir);
      const finished = parsed(done.stdout);
      const now = snapshotTree(dir);
      const changed = Object.keys(now).filter((f) => now[f] !== files[f]);
      if (finished?.applied?.to === 'tree' || (signal === 'SIGKILL' && changed.length > 0)) {
        // The run got to its final write before the signal: exactly the accepted change was
        // written — all of it (a write cut short was undone above), nothing else.
        expect(changed).toEqual(finished?.applied?.files ?? ['routes.py']);
        expect(readFileSync(join(dir, 'routes.py'), 'utf8')).toContain('"total": len(rows)}');
      } else {
        expect(now, done.stderr).toEqual(files);
      }
      const after = gitState(dir);
      expect({ ...after, status: '' }).toEqual({ ...repo, status: '' });
      if (changed.length === 0) expect(after.status).toBe(repo.status);
    },
    120_000,
  );
});

function parsed(stdout: string) {
  try {
    return loopResultSchema.parse(JSON.parse(stdout));
  } catch {
    return null;
  }
}
