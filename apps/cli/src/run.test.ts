import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { invokeCli } from './test-support/invoke-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', '..', '..', 'libs', 'log-parser', 'fixtures');
const bundle = join(here, '..', 'dist', 'cli.js');

function invoke(argv: string[], stdin = '') {
  return invokeCli(argv, fixtures, stdin);
}

describe('smoke-repair parse-logs', () => {
  it('prints the JSON array of StackTrace with --json', async () => {
    const { code, stdout } = await invoke([
      'parse-logs',
      'py-uvicorn.log',
      '--app-root',
      '/tmp/smoke-repair-fixtures/python-app',
      '--json',
    ]);
    expect(code).toBe(0);
    const traces = JSON.parse(stdout) as {
      exception: { type: string };
      signature: { hash: string };
      culprit: { file: string };
    }[];
    expect(traces.map((t) => t.exception.type)).toEqual([
      'KeyError',
      'AttributeError',
      'KeyError',
      'TypeError',
      'AttributeError',
      'KeyError',
    ]);
    expect(new Set(traces.map((t) => t.signature.hash)).size).toBe(3);
    expect(traces[0]!.culprit.file).toMatch(/^\/tmp\/smoke-repair-fixtures\/python-app\/app\//);
  });

  it('groups traces by signature with counts and culprits', async () => {
    const { code, stdout } = await invoke([
      'parse-logs',
      'py-uvicorn.log',
      '--app-root',
      '/tmp/smoke-repair-fixtures/python-app',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^6 stack traces in py-uvicorn\.log, 3 distinct signatures:/);
    expect(stdout).toMatch(/ {4}3× {2}KeyError@app\/\S+:\d+ /);
    expect(stdout).toMatch(/culprit {3}app\/\S+\.py:\d+/);
  });

  it('reads standard input for - and for no file', async () => {
    const log = readFileSync(join(fixtures, 'go-panic.log'), 'utf8');
    for (const argv of [
      ['parse-logs', '-', '--json'],
      ['parse-logs', '--json'],
    ]) {
      const { code, stdout } = await invoke(argv, log);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toHaveLength(1);
    }
  });

  it('says so when there is nothing to report', async () => {
    const { code, stdout } = await invoke(['parse-logs', 'noise.log']);
    expect(code).toBe(0);
    expect(stdout).toBe('No stack traces found in noise.log.\n');
  });

  it('prints the JSON Schema of its output', async () => {
    const { code, stdout } = await invoke(['parse-logs', '--json-schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ type: 'array' });
  });

  it.each([
    [['parse-logs', 'missing.log'], /cannot read log file .*missing\.log: ENOENT/],
    [['parse-logs', '.'], /is not a file/],
    [
      ['parse-logs', '--bogus'],
      /^smoke-repair: parse-logs: unknown option --bogus; "smoke-repair parse-logs --help" lists the options\n$/,
    ],
    [['parse-logs', 'a.log', 'b.log'], /one log file/],
    [['parse-logs', 'go-panic.log', '--in-app', 'vendor'], /Invalid log-parser options/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage: smoke-repair <command>/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const { code, stderr, stdout } = await invoke(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});

describe('the bundled bin', () => {
  it('runs as a standalone file with the documented exit codes', async () => {
    const exec = promisify(execFile);
    const { stdout } = await exec(process.execPath, [
      bundle,
      'parse-logs',
      join(fixtures, 'java-caused-by.log'),
      '--json',
    ]);
    expect(JSON.parse(stdout)[0].causes).toHaveLength(2);
    await expect(exec(process.execPath, [bundle, 'parse-logs', '/nonexistent.log'])).rejects.toMatchObject({ code: 2 });
  });
});
