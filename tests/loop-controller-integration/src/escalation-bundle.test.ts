/**
 * The escalation bundle of a case the loop cannot fix (an agent command that changes nothing):
 * seed 004's schema with its exact key order, artifact paths that exist, the `/__meta` body
 * and the port-listener line; the user's git repository untouched.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationBundleSchema, loopResultSchema } from '@smoke-repair/loop-controller';
import { agent, demoShopCopy, ensureDemoShopVenv } from './support/apps.js';
import { killLeftovers, portOpen, processesUnder, runCli } from './support/processes.js';
import { gitState, makeUserRepo, snapshotTree } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-bundle-'));
beforeAll(() => ensureDemoShopVenv());
afterAll(async () => {
  // Nothing may start late either (an app launched by a run that already ended).
  await new Promise((r) => setTimeout(r, 1_000));
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

describe('escalation bundle of an unfixable run', () => {
  it('is schema-exact, in seed order, with real artifacts, /__meta and the listener line', async () => {
    const app = await demoShopCopy(base, 'unfixable', {
      repair: { strategies: ['command'], command: { command: agent('noop.sh') } },
    });
    makeUserRepo(app.dir, { stashFile: 'README.md', stagedFile: 'app/main.py', editedFile: 'app/routers/carts.py' });
    const files = snapshotTree(app.dir);
    const repo = gitState(app.dir);
    const run = await runCli(['--config', app.config], { cwd: app.dir }).done;
    expect(run.code, run.stderr).toBe(1);
    const result = loopResultSchema.parse(JSON.parse(run.stdout));
    expect(result.outcome).toBe('escalated');

    const text = readFileSync(join(app.artifacts, 'escalation.json'), 'utf8');
    const bundle = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(bundle)).toEqual([
      'reason',
      'failures',
      'repro_commands',
      'last_patch_diff',
      'artifacts',
      'exec_rpc_freshness',
    ]);
    expect(Object.keys(bundle['exec_rpc_freshness'] as object)).toEqual(['meta', 'ss']);
    const parsed = escalationBundleSchema.strict().parse(bundle);
    expect(result.escalation).toEqual(parsed);

    expect(parsed.reason).toBe('retry budget');
    // Every failure of the baseline, with its signature and every attempt used: an agent command
    // that proposes nothing is asked again, more verbosely, until its attempts are spent.
    expect(parsed.failures).toHaveLength(result.initial.violations);
    expect(result.stopCause).toBe('no_candidate');
    for (const failure of parsed.failures) {
      expect(Object.keys(failure)).toEqual(['nodeid', 'signature', 'attempts']);
      expect(failure.nodeid).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
      expect(failure.attempts).toBe(3);
    }
    expect(parsed.failures.map((f) => f.signature)).toContainEqual(
      expect.stringMatching(/^TypeError@app\/routers\/categories\.py:\d+ create_category: /),
    );
    expect(parsed.repro_commands[0]).toBe(`smoke-repair smoke --config ${app.config}`);
    expect(parsed.repro_commands.slice(1).every((c) => c.startsWith('curl '))).toBe(true);
    expect(parsed.repro_commands.some((c) => c.includes(`http://127.0.0.1:${app.port}/categories`))).toBe(true);
    expect(parsed.last_patch_diff).toBeNull();

    // artifacts: the last smoke's smoke.html and smoke.xml — nothing was tried, so the baseline's
    // (baseline/) — and requirements.snapshot.txt, each a real file (or null).
    expect(parsed.artifacts).toEqual([
      join(app.artifacts, 'baseline', 'smoke.html'),
      join(app.artifacts, 'baseline', 'smoke.xml'),
      join(app.artifacts, 'requirements.snapshot.txt'),
    ]);
    for (const path of parsed.artifacts) expect(path === null || existsSync(path)).toBe(true);
    expect(readFileSync(parsed.artifacts[1]!, 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuite/);
    expect(readFileSync(parsed.artifacts[2]!, 'utf8')).toMatch(/^fastapi==/im);

    // exec_rpc_freshness: the /__meta body and the `ss -lntp` listener line of the app's port.
    const meta = JSON.parse(parsed.exec_rpc_freshness.meta!) as Record<string, unknown>;
    expect(meta).toMatchObject({ git_sha: expect.any(String), started_at: expect.any(String) });
    expect(parsed.exec_rpc_freshness.ss).toMatch(new RegExp(`LISTEN .*127\\.0\\.0\\.1:${app.port}\\b`));

    expect(snapshotTree(app.dir)).toEqual(files);
    expect(gitState(app.dir)).toEqual(repo);
    expect(processesUnder(join(base, 'unfixable'))).toEqual([]);
    expect(await portOpen(app.port)).toBe(false);
  });
});
