// The runner's continuation after an early stop, with a fake executor: replayed real pytest
// output (tools/fixtures/junit/capture.sh, pytest-maxfail-*) and synthetic reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smokeResultSchema } from '../smoke-result.js';
import { JunitParseError } from './errors.js';
import type { ExecuteSpec, TestCommandExecution } from './execute.js';
import { MAX_JUNIT_BYTES, MAX_JUNIT_CASES } from './junit-xml.js';
import { resolveTestCommandConfig } from './resolve-config.js';
import { createTestCommandRunnerWith } from './test-command-runner.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'junit');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const ROOT = '/tmp/smoke-repair-fixtures/junit/pytest-maxfail';
const STOPPED = '!!!!!!!!!!!!!!!!!!!!!!!!!! stopping after 2 failures !!!!!!!!!!!!!!!!!!!!!!!!!!!';

/** What one fake execution writes: its JUnit report (null: none) and its output. */
interface FakeOutput {
  readonly xml: string | null;
  readonly log: string;
  readonly exitCode?: number;
  readonly timedOut?: boolean;
  readonly aborted?: boolean;
}

function fakeRunner(config: Record<string, unknown>, outputs: readonly FakeOutput[] | ((n: number) => FakeOutput)) {
  const files = new Map<string, string>();
  const specs: ExecuteSpec[] = [];
  const runner = createTestCommandRunnerWith(resolveTestCommandConfig({ cwd: ROOT, ...config }), {
    async execute(spec): Promise<TestCommandExecution> {
      specs.push(spec);
      const out = typeof outputs === 'function' ? outputs(specs.length) : outputs[specs.length - 1];
      if (!out) throw new Error(`unexpected run ${specs.length}`);
      const junit = /--junitxml=(\S+)/.exec(
        typeof spec.command === 'string' ? spec.command : spec.command.join(' '),
      )?.[1];
      if (out.xml !== null && junit) files.set(junit, out.xml);
      files.set(spec.logPath, out.log);
      return {
        exitCode: out.exitCode ?? 1,
        signal: null,
        timedOut: out.timedOut ?? false,
        ...(out.aborted ? { aborted: true } : {}),
        durationMs: 100,
        lastLines: out.log.split('\n').slice(-3),
      };
    },
    readFile: (path) => files.get(path) ?? null,
    fileSize: (path) => (files.has(path) ? Buffer.byteLength(files.get(path)!) : null),
    removeFile: (path) => void files.delete(path),
    fileExists: (path) => path === join(ROOT, 'tests/test_smoke_orders.py') || path === join(ROOT, 'tests/test_a.py'),
    workDir: '/work/runs',
    now: () => Date.UTC(2026, 0, 1),
  });
  return { runner, specs };
}

const captured = [1, 2, 3].map((n) => ({
  xml: fixture(`pytest-maxfail-${n}.xml`),
  log: fixture(`pytest-maxfail-${n}.log`),
}));
const M = 'tests/test_smoke_orders.py';

describe('a pytest run that stopped at --maxfail (replayed real output)', () => {
  it(`is continued with every failure deselected until a run ends on its own: 5 failures, 8 tests, 2 extra \
runs`, async () => {
    const { runner, specs } = fakeRunner(
      { command: ['pytest', '-q', 'tests', '-k', 'smoke', '--maxfail=2', '-rf'] },
      captured,
    );
    const run = await runner.run();
    expect(smokeResultSchema.parse(run.result)).toBeTruthy();
    expect(specs).toHaveLength(3);
    const argv = specs.map((s) => s.command as string[]);
    expect(argv[1]).toEqual(
      expect.arrayContaining([
        '--deselect',
        `${M}::test_smoke_unknown_item`,
        '--deselect',
        `${M}::test_smoke_discount`,
      ]),
    );
    // A test that failed in run 1 is not run again: run 3 deselects the failures of runs 1 and 2.
    expect(argv[2]!.filter((w, i) => argv[2]![i - 1] === '--deselect')).toEqual([
      `${M}::test_smoke_unknown_item`,
      `${M}::test_smoke_discount`,
      `${M}::TestSmokeLabels::test_smoke_label`,
      `${M}::test_smoke_parse_qty[two]`,
    ]);
    expect(run.result.violations.map((v) => v.nodeid)).toEqual([
      `${M}::test_smoke_unknown_item`,
      `${M}::test_smoke_discount`,
      `${M}::TestSmokeLabels::test_smoke_label`,
      `${M}::test_smoke_parse_qty[two]`,
      `${M}::test_smoke_ship`,
    ]);
    for (const v of run.result.violations) expect(v.traces[0]?.culprit?.file).toMatch(/app\/orders\.py$/);
    // Each test once, although the passing ones ran in every run.
    expect(run.result).toMatchObject({
      scenariosTested: 8,
      scenariosPassed: 3,
      extraRuns: 2,
      durationMs: 300,
      target: run.command,
    });
    expect(run.result.stackTraces).toHaveLength(5);
    expect(run).toMatchObject({ complete: true, exitCode: 1 });
    expect(run.extraRuns.map((r) => r.command)).toEqual(runner.commands().slice(1));
    expect(runner.commands()).toHaveLength(3);
  });

  it('stops at maxExtraRuns, saying the suite was not run to its end', async () => {
    const { runner, specs } = fakeRunner({ command: 'pytest -q tests --maxfail=2', maxExtraRuns: 1 }, captured);
    const run = await runner.run();
    expect(specs).toHaveLength(2);
    expect(run.result.violations).toHaveLength(4);
    expect(run).toMatchObject({ complete: false, result: { extraRuns: 1 } });
  });

  it('maxExtraRuns 0, a run that went to its end, and the focused rerun: one run, no extraRuns', async () => {
    const off = await fakeRunner({ command: 'pytest -q tests --maxfail=2', maxExtraRuns: 0 }, captured).runner.run();
    expect(off).toMatchObject({ complete: false, extraRuns: [] });
    expect(off.result.extraRuns).toBeUndefined();

    const whole = await fakeRunner({ command: 'pytest -q tests --maxfail=2' }, [captured[2]!]).runner.run();
    expect(whole).toMatchObject({ complete: true, extraRuns: [] });

    const { runner, specs } = fakeRunner({ command: 'pytest -q tests --maxfail=2' }, [captured[0]!]);
    const focused = await runner.run({ attempt: 3, nodeid: `${M}::test_smoke_discount` });
    expect(specs).toHaveLength(1);
    expect(focused).toMatchObject({ nodeid: `${M}::test_smoke_discount`, extraRuns: [] });
  });

  it('attempt 2 is continued with its own options (--tb=short in every extra run)', async () => {
    const { runner } = fakeRunner({ command: 'pytest -q tests --maxfail=2' }, captured);
    await runner.run({ attempt: 2 });
    expect(runner.commands()).toHaveLength(3);
    for (const command of runner.commands()) expect(command).toContain('--tb=short');
  });
});

// Synthetic pytest reports: `tests/test_a.py::<name>` cases, `F` failed, `.` passed.
function report(cases: Record<string, '.' | 'F'>): string {
  const body = Object.entries(cases)
    .map(
      ([name, o]) =>
        `<testcase classname="tests.test_a" name="${name}" ` +
        `time="0.01"` +
        `>${o === 'F' ? `<failure message="AssertionError: ${name}">E   AssertionError: ${name}</failure>` : ''}</` +
        `testcase>`,
    )
    .join('');
  return `<?xml version="1.0"?><testsuites><testsuite name="pytest">${body}</testsuite></testsuites>`;
}

describe('continuation rules (synthetic reports)', () => {
  it(`stops when a run finds no new failure to leave out (deselect ids that do not match pytest's): no endless \
loop`, async () => {
    const { runner, specs } = fakeRunner({ command: 'pytest -q tests -x' }, () => ({
      xml: report({ test_1: 'F' }),
      log: STOPPED,
    }));
    const run = await runner.run();
    expect(specs).toHaveLength(2);
    expect(run.result).toMatchObject({ scenariosTested: 1, extraRuns: 1 });
    expect(run.result.violations).toHaveLength(1);
    expect(run.complete).toBe(false);
  });

  it(`without pytest's summary line (-p no:terminal), reaching the command's own --maxfail counts as a \
stop`, async () => {
    const { runner, specs } = fakeRunner({ command: 'pytest -p no:terminal tests --maxfail 2' }, [
      { xml: report({ test_1: 'F', test_2: 'F' }), log: '' },
      { xml: report({ test_3: '.', test_4: 'F' }), log: '' },
    ]);
    const run = await runner.run();
    expect(specs).toHaveLength(2);
    expect(run.result.violations.map((v) => v.nodeid)).toEqual([
      'tests/test_a.py::test_1',
      'tests/test_a.py::test_2',
      'tests/test_a.py::test_4',
    ]);
    expect(run.complete).toBe(true);
  });

  it('a timeout in an extra run ends the continuation; its violation is kept', async () => {
    const { runner, specs } = fakeRunner({ command: 'pytest -q tests -x' }, [
      { xml: report({ test_1: 'F' }), log: STOPPED },
      { xml: null, log: '', timedOut: true, exitCode: -1 },
    ]);
    const run = await runner.run();
    expect(specs).toHaveLength(2);
    expect(run.result.violations.map((v) => v.kind)).toEqual(['test_failure', 'timeout']);
    expect(run.complete).toBe(false);
  });

  it('an extra run that writes no report keeps what the runs before found (continuationError)', async () => {
    const { runner } = fakeRunner({ command: 'pytest -q tests -x' }, [
      { xml: report({ test_1: 'F' }), log: STOPPED },
      { xml: null, log: 'INTERNALERROR> boom', exitCode: 3 },
    ]);
    const run = await runner.run();
    expect(run.result.violations).toHaveLength(1);
    expect(run.result.extraRuns).toBeUndefined();
    expect(run).toMatchObject({ complete: false, continuationError: expect.stringContaining('exited with code 3') });

    const unreadable = await fakeRunner({ command: 'pytest -q tests -x' }, [
      { xml: report({ test_1: 'F' }), log: STOPPED },
      { xml: '<testsuites><testcase', log: '' },
    ]).runner.run();
    expect(unreadable.result.violations).toHaveLength(1);
    expect(unreadable.continuationError).toBeDefined();
  });
});

describe('JUnit limits', () => {
  const cases = (n: number, failing: number): Record<string, '.' | 'F'> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`test_${i}`, i < failing ? 'F' : '.'] as const));

  it(`reads a report of exactly MAX_JUNIT_CASES (${MAX_JUNIT_CASES}) cases whole, and counts the one case over \
it`, async () => {
    const at = await fakeRunner({ command: 'pytest -q tests' }, [
      { xml: report(cases(MAX_JUNIT_CASES, 2)), log: '' },
    ]).runner.run();
    expect(at.result.scenariosTested).toBe(MAX_JUNIT_CASES);
    expect(at.result).not.toHaveProperty('testCasesDropped');

    const over = await fakeRunner({ command: 'pytest -q tests' }, [
      { xml: report(cases(MAX_JUNIT_CASES + 1, 2)), log: '' },
    ]).runner.run();
    expect(over.result.scenariosTested).toBe(MAX_JUNIT_CASES);
    expect(over.result.testCasesDropped).toBe(1);
    expect(over.result.violations).toHaveLength(2);
    expect(smokeResultSchema.parse(over.result).testCasesDropped).toBe(1);
  });

  it(`refuses a report over MAX_JUNIT_BYTES with a JunitParseError naming the limit, and reads one of exactly the \
limit`, async () => {
    const head = report({ test_1: 'F' });
    const fill = (bytes: number): string => `${head}<!--${'x'.repeat(bytes - Buffer.byteLength(head) - 7)}-->`;
    expect(Buffer.byteLength(fill(MAX_JUNIT_BYTES))).toBe(MAX_JUNIT_BYTES);
    const at = await fakeRunner({ command: 'pytest -q tests' }, [{ xml: fill(MAX_JUNIT_BYTES), log: '' }]).runner.run();
    expect(at.result.violations).toHaveLength(1);

    const over = fakeRunner({ command: 'pytest -q tests' }, [{ xml: fill(MAX_JUNIT_BYTES + 1), log: '' }]).runner.run();
    await expect(over).rejects.toThrow(JunitParseError);
    await expect(over).rejects.toThrow(/more than the 33554432 bytes \(MAX_JUNIT_BYTES\)/);
  });
});

describe("a run under the caller's signal", () => {
  it(`hands the signal to the execution, and an aborted run rejects with SmokeInterruptedError instead of reading a \
report`, async () => {
    const controller = new AbortController();
    controller.abort('time budget');
    const { runner, specs } = fakeRunner({ command: 'pytest -q tests' }, [
      { xml: null, log: '', aborted: true, exitCode: -1 },
    ]);
    await expect(runner.run({ signal: controller.signal })).rejects.toMatchObject({
      code: 'SMOKE_INTERRUPTED',
      reason: 'time budget',
    });
    expect(specs[0]!.signal).toBe(controller.signal);
  });
});
