/**
 * Bad inputs are exit 2 with one line naming them, never exit 3 "internal error" nor a hang:
 * a JUnit report that is not XML (binary, malformed, an external entity), a config module whose
 * default export rejects, a pattern store on a virtual filesystem or a FIFO, a missing app log.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invokeCli } from './test-support/invoke-cli.js';

const base = mkdtempSync(join(tmpdir(), 'cli-inputs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function dir(name: string): string {
  const path = join(base, name);
  mkdirSync(path, { recursive: true });
  return path;
}

const JUNIT = {
  binary: Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x62, 0x69, 0x6e]),
  malformed: '<testsuite><testcase',
  xxe:
    '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' +
    '<testsuite name="s" tests="1" failures="1"><testcase classname="a" name="b"><failure message="&x;' +
    '">x</failure></testcase></testsuite>\n',
};

describe('bad inputs: exit 2', { timeout: 120_000 }, () => {
  it.each(Object.keys(JUNIT) as (keyof typeof JUNIT)[])('a %s JUnit report', async (kind) => {
    const d = dir(`junit-${kind}`);
    writeFileSync(join(d, 'report.src'), JUNIT[kind]);
    const config = {
      smoke: {
        testCommand: {
          command: ['sh', '-c', 'cp report.src out.xml; exit 1'],
          junitPath: 'out.xml',
          framework: 'pytest',
        },
      },
    };
    writeFileSync(join(d, 'smoke-repair.config.json'), JSON.stringify(config));
    const out = await invokeCli(['smoke'], d);
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toMatch(/out\.xml is not well-formed XML: .*\[SMOKE_JUNIT_PARSE\]\n$/);
    expect(out.stderr).not.toMatch(/internal error|root:/);
  });

  it('a config module whose default export rejects (run and smoke)', async () => {
    const d = dir('rejects');
    writeFileSync(
      join(d, 'smoke-repair.config.mjs'),
      "export default Promise.reject(new Error('no config for you'));\n",
    );
    for (const command of ['run', 'smoke']) {
      const out = await invokeCli([command], d);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain('cannot load it: no config for you');
    }
  });

  it('a pattern store under /proc or on a FIFO: refused up front, no hang', async () => {
    const d = dir('store');
    writeFileSync(join(d, 's.json'), '[]');
    execFileSync('mkfifo', [join(d, 'fifo.jsonl')]);
    for (const [store, message] of [
      ['file:/proc/self/patterns.jsonl', 'is on a virtual filesystem'],
      ['file:/proc/self/fd/0', 'is on a virtual filesystem'],
      ['file:fifo.jsonl', 'is not a regular file'],
    ] as const) {
      writeFileSync(
        join(d, 'smoke-repair.config.json'),
        JSON.stringify({ app: { baseUrl: 'http://127.0.0.1:9' }, smoke: { scenarios: 's.json' }, patterns: { store } }),
      );
      const out = await invokeCli(['run'], d);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toMatch(
        new RegExp(`patterns\\.store: \\S*${store.slice(5).replace(/^\/proc/, '')} ${message}`),
      );
    }
  });

  it('a missing app.logFile of an app already running', async () => {
    const d = dir('log');
    writeFileSync(join(d, 's.json'), '[]');
    writeFileSync(
      join(d, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { baseUrl: 'http://127.0.0.1:9', logFile: 'app.log' },
        smoke: { scenarios: 's.json' },
        patterns: { store: 'memory:' },
      }),
    );
    for (const command of ['run', 'smoke']) {
      const out = await invokeCli([command], d);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(`app.logFile: ${join(d, 'app.log')} does not exist`);
    }
  });
});
