import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../errors.js';
import { planTestCommand } from './plan-command.js';
import { resolveTestCommandConfig } from './resolve-config.js';
import { splitShellWords } from './shell-words.js';

const JUNIT = '/tmp/r/junit.xml';

function plan(config: Record<string, unknown>, request = {}, env: Record<string, string> = {}) {
  return planTestCommand(resolveTestCommandConfig({ cwd: '/p', ...config }, env), request, JUNIT);
}

describe('pytest', () => {
  it("loads smoke-repair's server-error plugin into a run that writes JUnit and starts pytest itself", () => {
    const resolved = resolveTestCommandConfig({ cwd: '/p', command: ['.venv/bin/python', '-m', 'pytest', '-q'] }, {});
    const plugin = { module: 'smoke_repair_server_errors', pythonPath: '/r/plugin:/lib' };
    const p = planTestCommand(resolved, {}, JUNIT, [], plugin);
    expect(p.env).toEqual({ PYTHONPATH: '/r/plugin:/lib' });
    expect(p.display).toBe(
      `PYTHONPATH=/r/plugin:/lib .venv/bin/python -m pytest -q -m 'not ndsmoke' --junitxml=${JUNIT} ` +
        '-p smoke_repair_server_errors -o junit_logging=system-err -o junit_log_passing_tests=False',
    );
    // A wrapper may not pass PYTHONPATH on, and the command a person reruns writes no JUnit: neither loads it.
    const wrapper = resolveTestCommandConfig({ cwd: '/p', command: 'make smoke', framework: 'pytest' }, {});
    expect(planTestCommand(wrapper, {}, JUNIT, [], plugin).display).not.toContain('smoke_repair_server_errors');
    expect(planTestCommand(resolved, { attempt: 3, nodeid: 't.py::x' }, null, [], plugin).env).toEqual({});
  });

  it('attempt 1: the seed command as given, ndsmoke excluded, JUnit added', () => {
    const p = plan({});
    expect(p.display).toBe(`pytest -q tests/smoke -k smoke --maxfail=3 -rf -m 'not ndsmoke' --junitxml=${JUNIT}`);
    expect(typeof p.command).toBe('string');
    expect(splitShellWords(p.command as string)).toContain('not ndsmoke');
  });

  it('attempt 2 adds --tb=short; attempt 3 is the focused rerun of one nodeid', () => {
    expect(plan({}, { attempt: 2 }).display).toBe(
      `pytest -q tests/smoke -k smoke --maxfail=3 -rf --tb=short -m 'not ndsmoke' --junitxml=${JUNIT}`,
    );
    const focused = plan(
      {
        command: [
          '.venv/bin/python',
          '-m',
          'pytest',
          '-q',
          'tests/smoke',
          '-k',
          'smoke',
          '--maxfail=3',
          '-rf',
          '-p',
          'no:cacheprovider',
        ],
      },
      { attempt: 3, nodeid: 'tests/smoke/test_a.py::test_b[x y]' },
    );
    expect(focused.command).toEqual([
      '.venv/bin/python',
      '-m',
      'pytest',
      '-rf',
      '-p',
      'no:cacheprovider',
      '-vv',
      '-l',
      '-s',
      '--tb=long',
      '--maxfail=1',
      'tests/smoke/test_a.py::test_b[x y]',
      '-m',
      'not ndsmoke',
      `--junitxml=${JUNIT}`,
    ]);
    expect(focused).toMatchObject({ attempt: 3, nodeid: 'tests/smoke/test_a.py::test_b[x y]' });
    expect(plan({}, { attempt: 3 }).display).toContain('-vv -l -s --tb=long --maxfail=1');
  });

  it("ND_SMOKE=1 (process env, config env or ndSmoke) keeps ndsmoke tests; the user's -m is combined", () => {
    expect(plan({}, {}, { ND_SMOKE: '1' }).display).not.toContain('ndsmoke');
    expect(plan({ env: { ND_SMOKE: '1' } }).display).not.toContain('ndsmoke');
    expect(plan({ ndSmoke: true }, {}, { ND_SMOKE: '0' }).display).not.toContain('ndsmoke');
    expect(plan({ command: ['pytest', '-m', 'smoke or fast'], ndSmokeMarker: 'live' }).command).toEqual([
      'pytest',
      '-m',
      '(smoke or fast) and not live',
      `--junitxml=${JUNIT}`,
    ]);
  });

  it('extraArgs come after the user arguments; a wrapper gets its options through PYTEST_ADDOPTS', () => {
    expect(plan({ command: ['pytest', 'tests'], extraArgs: ['-x'] }).command).toEqual([
      'pytest',
      'tests',
      '-x',
      '-m',
      'not ndsmoke',
      `--junitxml=${JUNIT}`,
    ]);
    const wrapped = plan(
      { command: 'make smoke', framework: 'pytest', env: { PYTEST_ADDOPTS: '-p no:warnings' } },
      { attempt: 2 },
    );
    expect(wrapped.command).toBe('make smoke');
    expect(wrapped.env).toEqual({ PYTEST_ADDOPTS: `-p no:warnings --tb=short -m 'not ndsmoke' --junitxml=${JUNIT}` });
    expect(wrapped.display).toBe(
      `PYTEST_ADDOPTS='-p no:warnings --tb=short -m '\\''not ndsmoke'\\'' --junitxml=${JUNIT}' make smoke`,
    );
    // Shell syntax: the line is kept as written and treated as a wrapper.
    expect(plan({ command: 'cd app && pytest -q' }).command).toBe('cd app && pytest -q');
  });

  it('without JUnit output (reproduce) there is no --junitxml', () => {
    const resolved = resolveTestCommandConfig({ cwd: '/p' });
    expect(planTestCommand(resolved, { attempt: 3, nodeid: 'tests/t.py::test_x' }, null).display).toBe(
      "pytest -rf -vv -l -s --tb=long --maxfail=1 tests/t.py::test_x -m 'not ndsmoke'",
    );
  });
});

describe('vitest and jest', () => {
  it(`vitest: junit reporter beside the default one; [ndsmoke] names excluded with -t; focused rerun by file and \
name`, () => {
    const p = plan({ command: 'npx vitest run --root web' });
    expect(p.command).toBe(
      `npx vitest run --root web -t '^(?!.*\\[ndsmoke\\]).*$' --reporter=default --reporter=junit ` +
        `--outputFile.junit=${JUNIT}`,
    );
    const focused = plan(
      { command: ['npx', 'vitest', 'run', 'test/', '-t', 'smoke', '--root', 'web'] },
      { attempt: 3, nodeid: 'test/cart.test.mjs > cart smoke > adds an item (1)' },
    );
    expect(focused.command).toEqual([
      'npx',
      'vitest',
      'run',
      '--root',
      'web',
      'test/cart.test.mjs',
      '-t',
      '^cart smoke adds an item \\(1\\)$',
      '--bail=1',
      '--reporter=default',
      '--reporter=junit',
      `--outputFile.junit=${JUNIT}`,
    ]);
  });

  it('jest: jest-junit through its environment variables', () => {
    const p = plan({ command: ['npx', 'jest', '--ci'] });
    expect(p.command).toEqual([
      'npx',
      'jest',
      '--ci',
      '-t',
      '^(?!.*\\[ndsmoke\\]).*$',
      '--reporters=default',
      '--reporters=jest-junit',
    ]);
    expect(p.env).toMatchObject({ JEST_JUNIT_OUTPUT_FILE: JUNIT, JEST_JUNIT_ADD_FILE_ATTRIBUTE: 'true' });
    expect(p.display.startsWith(`JEST_JUNIT_OUTPUT_FILE=${JUNIT} `)).toBe(true);
  });
});

describe('configuration', () => {
  it('auto-detects the framework and rejects a command it cannot place', () => {
    expect(resolveTestCommandConfig({ command: 'python -m pytest' }).framework).toBe('pytest');
    expect(resolveTestCommandConfig({ command: ['node_modules/.bin/vitest', 'run'] }).framework).toBe('vitest');
    expect(() => resolveTestCommandConfig({ command: 'make smoke' })).toThrow(InvalidOptionsError);
    expect(() => resolveTestCommandConfig({ command: 'make smoke' })).toThrow(/set framework/);
    expect(() => resolveTestCommandConfig({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});
