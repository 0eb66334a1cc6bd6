/**
 * Test-command mode keeps the run's secrets out of every artifact (issue 16): this workspace's
 * real vitest runs tests that print an env token and a configured header's value, and fail
 * quoting both — the output log (test-runs/run-1.log), the JUnit report the runner read and the
 * smoke reports must hold neither.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, loadSmokeConfig, runSmoke } from '@smoke-repair/smoke-validator';
import { REPO } from './python-env.js';
import { tempDir } from './support.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('test-command mode: secrets the tests print', () => {
  it(`an env token and a header value echoed by vitest tests: 0 hits in every artifact, the log still has the lines, \
both files mode 0600`, async () => {
    const dir = tempDir('secrets');
    cleanups.push(dir.cleanup);
    const project = join(dir.path, 'project');
    const artifacts = join(dir.path, 'artifacts');
    mkdirSync(project);
    const token = 'tok-3f9a1c77e2b84d05';
    const header = 'hdr-8b2e6d14c9a07f31';
    writeFileSync(
      join(project, 'auth.test.mjs'),
      [
        "it('logs in', () => {",
        '  console.log(`token ${process.env.SHOP_API_TOKEN} header ${process.env.HEADER_ECHO}`);',
        "  expect(`${process.env.SHOP_API_TOKEN}:${process.env.HEADER_ECHO}`).toBe('expected');",
        '});',
        '',
      ].join('\n'),
    );
    const vitest = join(REPO, 'node_modules', '.bin', 'vitest');
    const config = {
      // HEADER_ECHO is no secret by its name: only the configured header makes its value one.
      smoke: {
        testCommand: {
          command: [vitest, 'run', '--root', project, '--globals'],
          cwd: project,
          env: { SHOP_API_TOKEN: token, HEADER_ECHO: header },
          ndSmoke: false,
        },
        headers: { 'X-Custom-Auth': header },
      },
      artifactsDir: artifacts,
    };
    writeFileSync(join(project, 'smoke-repair.config.json'), JSON.stringify(config));
    const run = await runSmoke(await loadSmokeConfig(join(project, 'smoke-repair.config.json')));
    expect(run.result.violations).toHaveLength(1);
    const files = filesUnder(artifacts);
    expect(files.map((f) => f.slice(artifacts.length + 1)).sort()).toEqual(
      expect.arrayContaining(['smoke.html', 'smoke.json', 'smoke.xml', 'test-runs/junit-1.xml', 'test-runs/run-1.log']),
    );
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(token);
      expect(text, file).not.toContain(header);
    }
    // The output was there, redacted (not dropped), and the log is this user's alone.
    const log = join(artifacts, 'test-runs', 'run-1.log');
    expect(readFileSync(log, 'utf8')).toContain(`token ${REDACTED} header ${REDACTED}`);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(statSync(join(artifacts, 'test-runs', 'junit-1.xml')).mode & 0o777).toBe(0o600);
  });
});
