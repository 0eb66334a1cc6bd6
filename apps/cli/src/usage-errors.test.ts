import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokeCli } from './test-support/invoke-cli.js';

const empty = () => mkdtempSync(join(tmpdir(), 'cli-usage-'));

// Every one of these is a usage error: one line on stderr (no help dump, no Node text), exit 2.
describe('usage errors: one clear line, exit 2', () => {
  it.each([
    [
      ['smoke', '--conig', 'x.json'],
      'smoke: unknown option --conig (did you mean --config?); "smoke-repair smoke --help" lists the options',
    ],
    [
      ['run', '--max-iteratons', '3'],
      'run: unknown option --max-iteratons (did you mean --max-iterations?); "smoke-repair run --help" ' +
        'lists the options',
    ],
    [['smoke', '--config'], 'smoke: --config needs a value; "smoke-repair smoke --help" lists the options'],
    [['smoke', '--json=yes'], 'smoke: --json takes no value; "smoke-repair smoke --help" lists the options'],
    [['run', 'extra'], 'run: unexpected argument extra; "smoke-repair run --help" lists the options'],
    [['smok'], 'unknown command "smok" (did you mean "smoke"?); "smoke-repair --help" lists the commands'],
    [
      ['patterns', 'lst'],
      'unknown patterns subcommand "lst" (did you mean "list"?) (known: list, show, stats, export, import, ' +
        'sync, retire, hints)',
    ],
    [
      ['smoke', '--base-url', 'http://127.0.0.1:9'],
      'smoke without a config file needs --openapi PATH|URL (a file, a URL, or a path on the app like /openapi.json)',
    ],
    [
      ['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', '/o.json', '-k', 'a and (b'],
      '-k "a and (b": a "(" is not closed [SMOKE_KEYWORD_EXPRESSION]',
    ], // a package's error names its code
    [
      ['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', '/o.json', '--include-method', 'FETCH'],
      '--include-method FETCH: not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE)',
    ],
    [
      ['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', '/o.json', '-H', 'Authorization Bearer x'],
      `-H must be 'Name: value', got "Authorization Bearer x"`,
    ],
    [
      ['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', '/o.json', '--max-failures', '0'],
      '--max-failures must be an integer from 1 to 1000000, got "0"',
    ],
  ])('%j', async (argv, line) => {
    const out = await invokeCli(argv, empty());
    expect(out).toEqual({ code: 2, stdout: '', stderr: `smoke-repair: ${line}\n` });
  });

  it('a missing config says how to get one (init), for smoke also the flags-only way', async () => {
    const dir = empty();
    const run = await invokeCli(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `smoke-repair: no smoke-repair.config.json, smoke-repair.config.mjs, smoke-repair.config.ts in ${dir}: "npx ` +
        `@smoke-repair/cli init" writes a starter one, or pass --config FILE\n`,
    );
    const smoke = await invokeCli(['smoke'], dir);
    expect(smoke.stderr).toMatch(
      new RegExp(
        String.raw`init" writes a starter one, or pass --config FILE, or smoke an app that is already running` +
          String.raw` from flags alone: --base-url URL --openapi PATH\|URL\n$`,
      ),
    );
    expect(await invokeCli(['smoke', '--config', 'nope.json'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `smoke-repair: --config nope.json: no such file (${join(dir, 'nope.json')})\n`,
    });
  });

  it(`--openapi: a relative value is a file under the working directory and must exist (never glued onto the base \
URL)`, async () => {
    const dir = empty();
    const out = await invokeCli(['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', 'nope.json'], dir);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `smoke-repair: --openapi nope.json: no such file (${join(dir, 'nope.json')}) (a path on the app takes ` +
        `a leading slash: --openapi /nope.json)\n`,
    });
  });

  it(`--artifacts naming a file: exit 2 before any request; --server-log with an app smoke-repair starts: exit \
2`, async () => {
    const dir = empty();
    writeFileSync(join(dir, 'report.txt'), '');
    const artifacts = await invokeCli(
      ['smoke', '--base-url', 'http://127.0.0.1:9', '--openapi', '/o.json', '--artifacts', 'report.txt'],
      dir,
    );
    expect(artifacts).toEqual({
      code: 2,
      stdout: '',
      stderr: `smoke-repair: --artifacts report.txt: a file, not a directory (${join(dir, 'report.txt')})\n`,
    });
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { root: 'app', runner: { kind: 'process', command: 'true', port: 9 } },
        smoke: { openapi: '/o.json' },
      }),
    );
    writeFileSync(join(dir, 'server.log'), '');
    const log = await invokeCli(['smoke', '--server-log', 'server.log'], dir);
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/^smoke-repair: --server-log is for an app smoke-repair does not start/);
  });
});

describe('a misspelt config key: exit 2, one line naming the nearest key', () => {
  // Before, repair.policy dropped the unknown key: the run went on without the protection.
  it.each([
    [
      { repair: { policy: { protectedPath: ['src/payments/**'] } } },
      'repair.policy: unknown key "protectedPath" (did you mean "protectedPaths"?)',
    ],
    [
      {
        app: {
          baseUrl: 'http://127.0.0.1:9',
          runner: { kind: 'process', command: 'true', port: 9, readiness: { pth: '/health' } },
        },
      },
      'app.runner.readiness: unknown key "pth" (did you mean "path"?)',
    ],
  ])('%j', async (config, line) => {
    const dir = empty();
    const path = join(dir, 'smoke-repair.config.json');
    writeFileSync(path, JSON.stringify({ smoke: { openapi: '/o.json' }, ...config }));
    for (const command of ['run', 'smoke']) {
      const out = await invokeCli([command], dir);
      expect(out.code, out.stderr).toBe(2);
      // smoke names the error's code after the line, run does not.
      expect(out.stderr.replace(/ \[SMOKE_CONFIG_INVALID\]\n$/, '\n')).toBe(
        `smoke-repair: invalid config ${path}: ${line}\n`,
      );
    }
  });
});

describe('help', () => {
  it('"help COMMAND" is "COMMAND --help"; "help" alone the command list', async () => {
    for (const command of ['run', 'smoke', 'init', 'patterns', 'parse-logs', 'config']) {
      const viaHelp = await invokeCli(['help', command], empty());
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: smoke-repair ${command} `));
      expect(viaHelp).toEqual(await invokeCli([command, '--help'], empty()));
    }
    expect((await invokeCli(['help'], empty())).stdout).toMatch(/^Usage: smoke-repair <command>/);
  });
});
