// Test-command mode against real pytest, vitest and jest runs.
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestCommandError, createTestCommandRunner, smokeResultSchema } from '@smoke-repair/smoke-validator';
import { DEMO_SHOP, REPO, VENV_PYTHON, ensureVenv } from './python-env.js';
import { eventually, isAlive, tempDir } from './support.js';

const PROJECT = join(import.meta.dirname, '..', 'fixtures', 'pytest-ndsmoke');
const MAXFAIL_PROJECT = join(import.meta.dirname, '..', 'fixtures', 'pytest-maxfail');
const SERVED_500_PROJECT = join(import.meta.dirname, '..', 'fixtures', 'pytest-served-500');
const PY_ENV = { PYTHONDONTWRITEBYTECODE: '1' };
const cleanups: (() => void)[] = [];

beforeAll(() => ensureVenv(), 600_000);
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('pytest: demo-shop smoke suite through the runner', () => {
  const seedCommand = [VENV_PYTHON, '-m', 'pytest', '-q', 'tests/smoke', '-k', 'smoke', '--maxfail=3', '-rf'];

  it('escalates 1 → 2 → 3: failures keyed by nodeid, types and file:line in app/, every command recorded', async () => {
    // The escalation alone: no extra runs after --maxfail (the pytest-maxfail project tests those).
    const tests = createTestCommandRunner({ command: seedCommand, cwd: DEMO_SHOP, env: PY_ENV, maxExtraRuns: 0 });

    const first = await tests.run();
    expect(smokeResultSchema.parse(first.result)).toBeTruthy();
    expect(first.exitCode).toBe(1);
    expect(first.command).toContain('--junitxml=');
    expect(first.command).toContain("-m 'not ndsmoke'");
    const violations = first.result.violations;
    expect(violations).toHaveLength(3); // --maxfail=3
    for (const v of violations) {
      expect(v).toMatchObject({ kind: 'test_failure', actualStatus: null });
      expect(v.nodeid).toMatch(/^tests\/smoke\/test_smoke_\w+\.py::test_smoke_\w+$/);
      expect(v.signature.file).toMatch(/^app\//);
      expect(v.signature.line).toBeGreaterThan(0);
      expect(v.signature.exceptionType).toMatch(/Error$/);
      expect(v.signature.key).toContain(
        `${v.nodeid} ${v.signature.exceptionType}@${v.signature.file}:${v.signature.line}: `,
      );
      expect(v.reproduce).toBe(tests.reproduce(v.nodeid ?? ''));
      expect(v.reproduce).toContain(`-vv -l -s --tb=long --maxfail=1 ${v.nodeid}`);
    }
    expect(readFileSync(first.result.serverLogPath ?? '', 'utf8')).toContain('3 failed');

    const second = await tests.run({ attempt: 2 });
    expect(second.command).toContain('--tb=short');
    expect(second.result.violations.map((v) => v.signature)).toEqual(violations.map((v) => v.signature));

    const target = violations[2]!;
    const third = await tests.run({ attempt: 3, nodeid: target.nodeid ?? '' });
    expect(third.command).toContain(`-vv -l -s --tb=long --maxfail=1 ${target.nodeid}`);
    expect(third.command).not.toContain('-k smoke');
    expect(third.result.scenariosTested).toBe(1);
    expect(third.result.violations.map((v) => v.signature)).toEqual([target.signature]);

    expect(tests.commands()).toEqual([first.command, second.command, third.command]);
  });
});

describe('pytest: a run stopped by --maxfail is continued until the suite has run to its end', () => {
  it(`8 tests, 5 failing, --maxfail=2: all 5 failures with their traces, in one result, after 2 extra \
runs`, async () => {
    const tests = createTestCommandRunner({
      command: [VENV_PYTHON, '-m', 'pytest', '-q', 'tests', '-k', 'smoke', '--maxfail=2', '-rf'],
      cwd: MAXFAIL_PROJECT,
      env: PY_ENV,
    });
    const started = Date.now();
    const run = await tests.run();
    const elapsedMs = Date.now() - started;
    expect(smokeResultSchema.parse(run.result)).toBeTruthy();
    const file = 'tests/test_smoke_orders.py';
    expect(run.result.violations.map((v) => [v.nodeid, v.signature.exceptionType])).toEqual([
      [`${file}::test_smoke_unknown_item`, 'KeyError'],
      [`${file}::test_smoke_discount`, 'ZeroDivisionError'],
      [`${file}::TestSmokeLabels::test_smoke_label`, 'AttributeError'],
      [`${file}::test_smoke_parse_qty[two]`, 'ValueError'],
      [`${file}::test_smoke_ship`, 'AttributeError'],
    ]);
    for (const v of run.result.violations) {
      expect(v.traces).toHaveLength(1);
      expect(v.signature).toMatchObject({ file: 'app/orders.py', line: expect.any(Number) });
    }
    expect(run.result).toMatchObject({ scenariosTested: 8, scenariosPassed: 3, extraRuns: 2 });
    expect(run).toMatchObject({ complete: true });
    const commands = tests.commands();
    expect(commands).toHaveLength(3);
    expect(commands[2]).toContain(
      `--deselect ${file}::test_smoke_unknown_item --deselect ${file}::test_smoke_discount ` +
        `--deselect ${file}::TestSmokeLabels::test_smoke_label --deselect '${file}::test_smoke_parse_qty[two]'`,
    );
    for (const extra of run.extraRuns) expect(readFileSync(extra.logPath, 'utf8')).toMatch(/\d+ deselected/);
    console.info(`pytest-maxfail: ${run.extraRuns.length} extra runs, ${elapsedMs} ms for all ${commands.length} runs`);
  }, 120_000);
});

describe("pytest: a test client that answers the app's exception as a 500 (raise_server_exceptions=False)", () => {
  it("reads where the app raised from the traceback smoke-repair's plugin printed, the test unchanged", async () => {
    const command = [VENV_PYTHON, '-m', 'pytest', '-q', 'tests'];
    const run = await createTestCommandRunner({ command, cwd: SERVED_500_PROJECT, env: PY_ENV }).run();
    expect(run.command).toContain('-p smoke_repair_server_errors');
    expect(run.result.scenariosPassed).toBe(2);
    const [failure, ...others] = run.result.violations;
    expect(others).toEqual([]);
    expect(failure).toMatchObject({
      nodeid: 'tests/test_items.py::test_days_of_stock_unused_item',
      kind: 'test_failure',
    });
    expect(failure!.signature).toMatchObject({
      exceptionType: 'ZeroDivisionError',
      file: 'app/stock.py',
      line: 6,
      function: 'days_of_stock',
    });
    // The test's own assertion stays beside it; the plugin's wrapper is no frame of the trace.
    expect(failure!.traces.map((t) => t.exception.type)).toEqual(['ZeroDivisionError', 'AssertionError']);
    expect(failure!.traces[0]!.frames.some((f) => f.file.includes('smoke_repair_server_errors'))).toBe(false);
  }, 120_000);
});

describe('pytest: ndsmoke policy and the timeout (a small project)', () => {
  const smokeCommand = [VENV_PYTHON, '-m', 'pytest', '-q', 'tests/test_smoke.py'];

  it('leaves ndsmoke tests out unless ND_SMOKE=1', async () => {
    const off = await createTestCommandRunner({
      command: smokeCommand,
      cwd: PROJECT,
      env: PY_ENV,
      ndSmoke: false,
    }).run();
    expect(off.result.scenarios.map((s) => s.id)).toEqual([
      'tests/test_smoke.py::test_smoke_greet',
      'tests/test_smoke.py::test_smoke_shout',
    ]);
    expect(off.result.violations[0]?.signature).toMatchObject({
      exceptionType: 'AttributeError',
      file: 'app/greeting.py',
      function: 'shout',
    });

    const on = await createTestCommandRunner({
      command: smokeCommand,
      cwd: PROJECT,
      env: { ...PY_ENV, ND_SMOKE: '1' },
    }).run();
    expect(on.command).not.toContain('ndsmoke');
    expect(on.result.scenarios.find((s) => s.id === 'tests/test_smoke.py::test_smoke_live')?.status).toBe('passed');
  });

  it(`kills the whole process group when the timeout passes and reports a timeout violation naming the test that \
hung`, async () => {
    const dir = tempDir('hang');
    cleanups.push(dir.cleanup);
    const pidsFile = join(dir.path, 'pids');
    writeFileSync(pidsFile, '');
    const tests = createTestCommandRunner({
      command: `${VENV_PYTHON} -m pytest -q tests/test_hang.py`,
      cwd: PROJECT,
      env: { ...PY_ENV, HANG_PIDS_FILE: pidsFile },
      // Long enough for pytest to be inside the test on a loaded machine (it starts in ~1-2 s).
      timeoutMs: 5_000,
    });
    const started = Date.now();
    const run = await tests.run();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.timedOut).toBe(true);
    // The hung test is named: its stack, dumped by faulthandler on SIGABRT before the group was killed.
    expect(run.result.violations).toEqual([
      expect.objectContaining({
        kind: 'timeout',
        nodeid: 'tests/test_hang.py::test_hangs',
        message: expect.stringContaining('(running tests/test_hang.py::test_hangs)'),
      }),
    ]);
    const hang = run.result.violations[0]!;
    expect(hang.traces[0]!.culprit).toMatchObject({ function: 'test_hangs', line: 11 });
    expect(hang.signature).toMatchObject({
      exceptionType: 'Timeout',
      file: 'tests/test_hang.py',
      function: 'test_hangs',
    });
    expect(hang.reproduce).toContain('tests/test_hang.py::test_hangs');
    const pids = readFileSync(pidsFile, 'utf8').trim().split(' ').map(Number);
    expect(pids).toHaveLength(2); // pytest and the child it started
    expect(await eventually(() => pids.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
  });

  it('a run that dies in a test (a segfault in the code it calls) is a crash violation naming that test', async () => {
    const tests = createTestCommandRunner({
      command: [VENV_PYTHON, '-m', 'pytest', '-q', 'tests/test_crash.py'],
      cwd: PROJECT,
      env: PY_ENV,
    });
    const run = await tests.run();
    expect(run.result.violations).toEqual([
      expect.objectContaining({ kind: 'crash', nodeid: 'tests/test_crash.py::test_reads_header' }),
    ]);
    const crash = run.result.violations[0]!;
    expect(crash.message).toMatch(
      /the test run died in this test \((signal SIGSEGV|exit code -?\d+): Segmentation fault\)/,
    );
    expect(crash.traces[0]!.culprit).toMatchObject({
      function: 'read_header',
      file: expect.stringMatching(/(^|\/)app\/native\.py$/),
    });
    expect(crash.signature).toMatchObject({
      exceptionType: 'FatalError',
      file: 'app/native.py',
      function: 'read_header',
    });
    expect(run.result.scenarios.map((s) => [s.id, s.status])).toEqual([
      ['tests/test_crash.py::test_reads_header', 'failed'],
    ]);
  });

  it('a command that writes no JUnit report is a TestCommandError with its last output lines', async () => {
    const tests = createTestCommandRunner({
      command: [VENV_PYTHON, '-m', 'pytest', '--no-such-option'],
      cwd: PROJECT,
      env: PY_ENV,
    });
    const error = await tests.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestCommandError);
    expect(error).toMatchObject({ code: 'SMOKE_TEST_COMMAND_FAILED', exitCode: 4 });
    expect((error as TestCommandError).lastLines.join('\n')).toContain('unrecognized arguments');
  });
});

describe('vitest through its JUnit reporter', () => {
  it("runs this workspace's vitest on a tiny project; [ndsmoke] tests are left out", async () => {
    const dir = tempDir('vitest');
    cleanups.push(dir.cleanup);
    writeFileSync(join(dir.path, 'math.mjs'), 'export const half = (n) => n.value / 2;\n');
    writeFileSync(
      join(dir.path, 'math.test.mjs'),
      [
        "import { half } from './math.mjs';",
        "it('halves', () => { expect(half(4)).toBe(2); });",
        "it('halves objects', () => { expect(half({ value: 4 })).toBe(2); });",
        "it('asks the live model [ndsmoke]', () => { throw new Error('must not run'); });",
        '',
      ].join('\n'),
    );
    const vitest = join(REPO, 'node_modules', '.bin', 'vitest');
    const tests = createTestCommandRunner({
      command: [vitest, 'run', '--root', dir.path, '--globals'],
      cwd: dir.path,
      ndSmoke: false,
    });
    const run = await tests.run();
    expect(run.result).toMatchObject({ scenariosTested: 2, scenariosPassed: 1 });
    expect(run.result.violations).toHaveLength(1);
    expect(run.result.violations[0]).toMatchObject({
      nodeid: 'math.test.mjs > halves',
      kind: 'test_failure',
      signature: { exceptionType: 'AssertionError', file: 'math.test.mjs', line: 2 },
    });
    const focused = await tests.run({ attempt: 3, nodeid: 'math.test.mjs > halves' });
    expect(focused.command).toContain("math.test.mjs -t '^halves$' --bail=1");
    expect(focused.result.scenariosTested).toBe(1);
  });

  it('--bail=2: the run is continued with the failed tests left out by name until every failure is seen', async () => {
    const dir = tempDir('vitest-bail');
    cleanups.push(dir.cleanup);
    for (const [file, tests] of Object.entries({ a: 'FPF', b: 'FPF', c: 'FP' })) {
      const body = [...tests].map(
        (t, i) => `it('${file} ${i}', () => { expect(${t === 'F' ? `'${file}${i}'` : "'ok'"}).toBe('ok'); });`,
      );
      writeFileSync(join(dir.path, `${file}.test.mjs`), `${body.join('\n')}\n`);
    }
    const vitest = join(REPO, 'node_modules', '.bin', 'vitest');
    const tests = createTestCommandRunner({
      command: [vitest, 'run', '--root', dir.path, '--globals', '--bail=2', '--no-file-parallelism'],
      cwd: dir.path,
      ndSmoke: false,
    });
    const run = await tests.run();
    expect(run.result.violations.map((v) => v.nodeid).sort()).toEqual([
      'a.test.mjs > a 0',
      'a.test.mjs > a 2',
      'b.test.mjs > b 0',
      'b.test.mjs > b 2',
      'c.test.mjs > c 0',
    ]);
    expect(run.result).toMatchObject({ scenariosTested: 8, scenariosPassed: 3 });
    expect(run.result.extraRuns).toBeGreaterThanOrEqual(1);
    expect(run.complete).toBe(true);
    expect(tests.commands().at(-1)).toContain("-t '^(?!(?:a 0|a 2");
  }, 120_000);
});

describe('jest through jest-junit', () => {
  // jest is not part of this workspace: tools/provision/jest.sh installs it pinned into a tool
  // directory (idempotent), and the project links it as its own node_modules, as an app would have it.
  let jestModules = '';
  beforeAll(() => {
    const out = execFileSync('bash', [join(REPO, 'tools', 'provision', 'jest.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 300_000,
    });
    jestModules = join(out.trim().split('\n').pop() ?? '', 'node_modules');
  }, 300_000);

  it(`runs jest on a tiny CommonJS project: failures keyed by nodeid with file:line, [ndsmoke] left out, focused \
rerun`, async () => {
    const dir = tempDir('jest');
    cleanups.push(dir.cleanup);
    symlinkSync(jestModules, join(dir.path, 'node_modules'));
    writeFileSync(
      join(dir.path, 'package.json'),
      JSON.stringify({ name: 'tiny', private: true, scripts: { test: 'jest' } }),
    );
    writeFileSync(
      join(dir.path, 'math.js'),
      'exports.half = (n) => n.value / 2;\nexports.total = (xs) => xs.reduce((s, x) => s + x.price.amount.value, 0);\n',
    );
    writeFileSync(
      join(dir.path, 'math.test.js'),
      [
        "const { half, total } = require('./math.js');",
        "it('halves', () => { expect(half(4)).toBe(2); });",
        "it('halves objects', () => { expect(half({ value: 4 })).toBe(2); });",
        "describe('totals', () => { it('sums prices', () => { expect(total([{ price: 2 }])).toBe(2); }); });",
        "it('asks the live model [ndsmoke]', () => { throw new Error('must not run'); });",
        '',
      ].join('\n'),
    );
    const jest = join(dir.path, 'node_modules', '.bin', 'jest');
    const tests = createTestCommandRunner({ command: [jest], cwd: dir.path, ndSmoke: false });
    const run = await tests.run();
    expect(smokeResultSchema.parse(run.result)).toBeTruthy();
    expect(run.command).toContain('--reporters=jest-junit');
    expect(run.result).toMatchObject({ scenariosTested: 3, scenariosPassed: 1, mode: 'test-command' });
    const byNodeid = new Map(run.result.violations.map((v) => [v.nodeid, v]));
    expect([...byNodeid.keys()].sort()).toEqual(['math.test.js > halves', 'math.test.js > totals > sums prices']);
    expect(byNodeid.get('math.test.js > halves')).toMatchObject({
      kind: 'test_failure',
      signature: { file: 'math.test.js', line: 2 },
    });
    // A crash inside the app: the culprit is the app's own line, not the test's.
    expect(byNodeid.get('math.test.js > totals > sums prices')?.signature).toMatchObject({
      exceptionType: 'TypeError',
      file: 'math.js',
      line: 2,
    });
    const focused = await tests.run({ attempt: 3, nodeid: 'math.test.js > totals > sums prices' });
    expect(focused.command).toContain("math.test.js -t '^totals sums prices$' --bail");
    expect(focused.result).toMatchObject({ scenariosTested: 1, scenariosPassed: 0 });
  }, 120_000);

  it(`--bail stops between files: the files that ran are left out of the extra runs, every failure is \
seen`, async () => {
    const dir = tempDir('jest-bail');
    cleanups.push(dir.cleanup);
    symlinkSync(jestModules, join(dir.path, 'node_modules'));
    writeFileSync(join(dir.path, 'package.json'), JSON.stringify({ name: 'tiny', private: true }));
    for (const file of ['a', 'b', 'c'])
      writeFileSync(
        join(dir.path, `${file}.test.js`),
        `it('${file} passes', () => {});\nit('${file} fails', () => { expect('${file}').toBe('ok'); });\n`,
      );
    const tests = createTestCommandRunner({
      command: [join(dir.path, 'node_modules', '.bin', 'jest'), '--bail', '--runInBand'],
      cwd: dir.path,
      ndSmoke: false,
    });
    const run = await tests.run();
    expect(run.result.violations.map((v) => v.nodeid).sort()).toEqual([
      'a.test.js > a fails',
      'b.test.js > b fails',
      'c.test.js > c fails',
    ]);
    expect(run.result).toMatchObject({ scenariosTested: 6, scenariosPassed: 3, extraRuns: 2 });
    expect(run.complete).toBe(true);
    expect(tests.commands()[2]).toContain('--testPathIgnorePatterns=/node_modules/');
  }, 120_000);
});
