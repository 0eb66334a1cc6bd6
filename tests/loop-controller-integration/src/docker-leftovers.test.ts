/**
 * A `run` whose app runs in Docker, killed with SIGKILL while its container is up (during the
 * repair phase): the container survives its owner (dockerd keeps it, and with host networking
 * its port). The next run of the same app removes it — and only it: a container the user made,
 * and one labelled by a live run, stay — says so, and runs to the end on the freed port. The
 * user's tree and git state are unchanged throughout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopResultSchema } from '@smoke-repair/loop-controller';
import {
  DOCKER_LOCK_LABEL,
  DOCKER_OWNER_HOST_LABEL,
  DOCKER_OWNER_LABEL,
  DOCKER_RUNNER_LABEL,
  ownerLabel,
} from '@smoke-repair/smoke-validator';
import { agent } from './support/apps.js';
import { freePort, killLeftovers, portOpen, runCli, waitFor } from './support/processes.js';
import { FIXTURES, ROOT, copyApp, gitState, makeUserRepo, snapshotTree, writeConfig } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-docker-leftovers-'));
const decoys = [`lc-user-${process.pid}`, `lc-live-run-${process.pid}`];
let image = '';
let python = '';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Containers with smoke-repair's owner label: id, name, owner, lock, app dir. */
function ownedContainers(): { id: string; name: string; owner: string; lock: string; host: string; appDir: string }[] {
  const format =
    `{{.ID}}\t{{.Names}}\t{{.Label "${DOCKER_OWNER_LABEL}"}}\t{{.Label "${DOCKER_LOCK_LABEL}"}}\t` +
    `{{.Label "${DOCKER_OWNER_HOST_LABEL}"}}\t{{.Label "dev.smoke-repair.app-dir"}}`;
  return docker('ps', '-a', '--filter', `label=${DOCKER_OWNER_LABEL}`, '--format', format)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', name = '', owner = '', lock = '', host = '', appDir = ''] = line.split('\t');
      return { id, name, owner, lock, host, appDir };
    });
}

const exists = (name: string) => docker('ps', '-a', '--filter', `name=^${name}$`, '--format', '{{.Names}}') === name;

beforeAll(() => {
  try {
    docker('info', '--format', '{{.ServerVersion}}');
  } catch (error) {
    throw new Error(
      `The Docker engine is not available; provision it with: bash tools/provision/docker.sh\n${String(error)}`,
    );
  }
  // A venv (no packages: the app uses the standard library) of the distribution's Python when
  // there is one: the image copies the interpreter its bin/python points to. Its own tag, so that
  // it never replaces the image other tests build from demo-shop's venv.
  const interpreter = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const venv = join(base, 'venv');
  execFileSync(interpreter, ['-m', 'venv', '--without-pip', venv]);
  const [exe = '', version = ''] = execFileSync(
    join(venv, 'bin', 'python'),
    ['-c', 'import os, sys; print(os.path.realpath(sys.executable), "%d.%d.%d" % sys.version_info[:3])'],
    { encoding: 'utf8' },
  )
    .trim()
    .split(' ');
  // The interpreter itself: the venv is not in the container, only the app's folder.
  python = exe;
  const out = execFileSync('bash', [join(ROOT, 'tools', 'provision', 'python-image.sh'), venv], {
    encoding: 'utf8',
    env: { ...process.env, SMOKE_REPAIR_PYTHON_IMAGE: `smoke-repair/python-stdlib:${version}` },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  });
  image = out.trim().split('\n').pop() ?? '';
}, 600_000);

afterAll(() => {
  for (const container of ownedContainers())
    if (container.appDir.startsWith(tmpdir())) docker('rm', '-f', container.id);
  for (const name of decoys) if (exists(name)) docker('rm', '-f', name);
  killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
});

describe('a SIGKILLed run of a Docker app', () => {
  it(`leaves its container; the next run removes it (never a container it did not make, nor a live run's), reports it \
and completes`, async () => {
    const dir = join(base, 'app', 'stateful-app');
    copyApp(join(FIXTURES, 'stateful-app'), dir);
    execFileSync('python3', ['-B', 'seed.py'], { cwd: dir });
    const port = await freePort();
    const config = writeConfig(dir, {
      app: {
        root: '.',
        runner: {
          kind: 'docker',
          image,
          command: [python, '-B', 'server.py'],
          env: { PYTHONDONTWRITEBYTECODE: '1' },
          port,
          readiness: { path: '/health', timeoutMs: 30_000, intervalMs: 100 },
          stopTimeoutMs: 2_000,
        },
      },
      smoke: { scenarios: 'scenarios.json', concurrency: 1, timeoutMs: 5_000, logSettleMs: 300 },
      artifactsDir: join(base, 'app', 'artifacts'),
      loop: { timeBudgetMs: 180_000, targetPassRate: 1 },
      repair: { strategies: ['command'], command: { command: agent('fix.py'), timeoutMs: 60_000, killGraceMs: 500 } },
      patterns: { store: `file:${join(base, 'app', 'patterns.jsonl')}` },
    });
    makeUserRepo(dir, { stashFile: 'README.md', stagedFile: 'server.py', editedFile: 'seed.py' });
    const files = snapshotTree(dir);
    const repo = gitState(dir);

    // Killed while the agent thinks: the app's container is up, serving the baseline's data.
    const killed = runCli(['--config', config], { cwd: dir, env: { SMOKE_TEST_AGENT_DELAY: '60' } });
    await killed.line(/^iteration 1 /, 180_000);
    expect(await portOpen(port)).toBe(true);
    killed.kill('SIGKILL');
    await killed.done;
    const killedOwner = `${killed.child.pid}:`;
    const left = ownedContainers().filter((c) => c.owner.startsWith(killedOwner));
    expect(left, "the killed run's container outlives it").toHaveLength(1);
    const leftover = left[0]!;
    expect(await portOpen(port)).toBe(true);

    // Two containers the next run must not touch: the user's own (no smoke-repair label), and one
    // labelled for the same app by a run that is alive (this test process).
    docker(
      'run',
      '-d',
      '--name',
      decoys[0]!,
      '--network',
      'host',
      '--label',
      `${DOCKER_OWNER_LABEL}=1:1`,
      image,
      '/bin/sleep',
      '600',
    );
    docker(
      'run',
      '-d',
      '--name',
      decoys[1]!,
      '--network',
      'host',
      '--label',
      `${DOCKER_RUNNER_LABEL}=docker`,
      '--label',
      `${DOCKER_OWNER_LABEL}=${ownerLabel()}`,
      '--label',
      `${DOCKER_OWNER_HOST_LABEL}=${leftover.host}`,
      '--label',
      `${DOCKER_LOCK_LABEL}=${leftover.lock}`,
      image,
      '/bin/sleep',
      '600',
    );

    const next = await runCli(['--no-apply', '--config', config], { cwd: dir }).done;
    expect(next.stderr).toMatch(/took over the lock of pid \d+ .*: that process is gone/);
    expect(next.stderr).toContain(`removed 1 container (${leftover.name})`);
    expect(next.code, next.stderr).toBe(0);
    expect(loopResultSchema.parse(JSON.parse(next.stdout)).outcome).toBe('passed');
    expect(ownedContainers().some((c) => c.id === leftover.id)).toBe(false);
    for (const name of decoys) expect(exists(name), name).toBe(true);
    // Nothing of either run is left: no container of this app, no sandbox, the port free.
    expect(ownedContainers().filter((c) => c.lock === leftover.lock && !decoys.includes(c.name))).toEqual([]);
    expect(await waitFor(async () => !(await portOpen(port)), 10_000)).toBe(true);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('smoke-repair-sandbox-'))).toEqual([]);
    expect(snapshotTree(dir)).toEqual(files);
    expect(gitState(dir)).toEqual(repo);
    expect(readFileSync(join(dir, 'routes.py'), 'utf8')).toContain('len(row)}');
  }, 420_000);
});
