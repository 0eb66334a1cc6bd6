// Parses JUnit XML captured from real pytest and vitest runs (tools/fixtures/junit/capture.sh).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smokeResultSchema, type SmokeResult } from '../smoke-result.js';
import { buildTestCommandResult } from './build-result.js';
import type { TestFramework } from './config.js';
import { JunitParseError } from './errors.js';
import { parseJunitXml } from './junit-xml.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'junit');
// The directories the fixtures were captured in (paths inside the reports are relative to them).
const SHOP = '/work/main/apps/demo-shop';
const PYTEST_PROJECT = '/tmp/smoke-repair-fixtures/junit/pytest-project';
const VITEST_PROJECT = '/tmp/smoke-repair-fixtures/junit/vitest-project';

function result(name: string, framework: TestFramework, root: string): SmokeResult {
  const cases = parseJunitXml(readFileSync(join(FIXTURES, `${name}.xml`), 'utf8'));
  const built = buildTestCommandResult({
    cases,
    framework,
    root,
    reproduce: (nodeid) => `pytest ${nodeid}`,
    command: 'the command',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    logPath: '/tmp/run.log',
  });
  return smokeResultSchema.parse(built);
}

function byNodeid(r: SmokeResult): Map<string, SmokeResult['violations'][number]> {
  return new Map(r.violations.map((v) => [v.nodeid ?? '', v]));
}

describe('pytest on demo-shop (real JUnit XML)', () => {
  it('the whole suite: 19 of 34 pass; every failure keyed by nodeid with type and in-app file:line', () => {
    const r = result('pytest-demo-shop-all', 'pytest', SHOP);
    expect(r).toMatchObject({
      scenariosTested: 34,
      scenariosPassed: 19,
      endpointsTested: 34,
      endpointsPassed: 19,
      mode: 'test-command',
    });
    expect(r.passRate).toBeCloseTo(19 / 34);
    expect(r.violations).toHaveLength(15);
    for (const v of r.violations) {
      expect(v.kind).toBe('test_failure');
      expect(v.nodeid).toMatch(/^tests\/smoke\/test_smoke_\w+\.py::test_smoke_\w+$/);
      expect(v.signature.file).toMatch(/^(app|tests\/smoke)\//);
      expect(v.signature.line).toBeGreaterThan(0);
      expect(
        v.signature.key.startsWith(
          `${v.nodeid} ${v.signature.exceptionType}@${v.signature.file}:${v.signature.line}: `,
        ),
      ).toBe(true);
      expect(v.signature.hash).toMatch(/^[0-9a-f]{16}$/);
      expect(v.reproduce).toBe(`pytest ${v.nodeid}`);
      expect(v.traces).toHaveLength(1);
    }
    const v = byNodeid(r);
    expect(v.get('tests/smoke/test_smoke_cart_items.py::test_smoke_add_cart_item')?.signature).toMatchObject({
      exceptionType: 'AttributeError',
      file: 'app/services/inventory.py',
      line: 8,
      function: 'ensure_available',
      message: "'Product' object has no attribute 'stock_quanity'",
    });
    // Raised inside the stdlib json encoder: the culprit is the innermost frame in the app.
    expect(v.get('tests/smoke/test_smoke_cart_items.py::test_smoke_remove_cart_item')?.signature).toMatchObject({
      exceptionType: 'TypeError',
      file: 'app/routers/cart_items.py',
      function: 'remove_cart_item',
      message: 'Object of type datetime is not JSON serializable',
    });
    expect(v.get('tests/smoke/test_smoke_carts.py::test_smoke_delete_cart')?.signature).toMatchObject({
      exceptionType: 'NameError',
      file: 'app/routers/carts.py',
    });
    // A status assertion in the test itself points at the test.
    expect(v.get('tests/smoke/test_smoke_orders.py::test_smoke_pay_order')?.signature).toMatchObject({
      exceptionType: 'AssertionError',
      file: 'tests/smoke/test_smoke_orders.py',
      function: 'test_smoke_pay_order',
    });
  });

  it('the seed baseline (--maxfail=3), --tb=short and the focused rerun give the same signatures', () => {
    const baseline = byNodeid(result('pytest-demo-shop-baseline', 'pytest', SHOP));
    const short = byNodeid(result('pytest-demo-shop-tb-short', 'pytest', SHOP));
    const focused = result('pytest-demo-shop-focused', 'pytest', SHOP);
    expect([...baseline.keys()]).toEqual([...short.keys()]);
    for (const [nodeid, violation] of baseline) expect(short.get(nodeid)?.signature).toEqual(violation.signature);
    expect(focused.scenariosTested).toBe(1);
    const only = focused.violations[0];
    expect(only?.nodeid).toBe('tests/smoke/test_smoke_cart_items.py::test_smoke_remove_cart_item');
    expect(only?.signature).toEqual(baseline.get(only?.nodeid ?? '')?.signature);
  });

  it(`the same root cause in two tests: different seed signatures (keyed by nodeid), the same culprit in their \
traces`, () => {
    const v = byNodeid(result('pytest-demo-shop-baseline', 'pytest', SHOP));
    const add = v.get('tests/smoke/test_smoke_cart_items.py::test_smoke_add_cart_item');
    const update = v.get('tests/smoke/test_smoke_cart_items.py::test_smoke_update_cart_item');
    expect(add?.signature.hash).not.toBe(update?.signature.hash);
    expect(add?.traces[0]?.culprit).toMatchObject({ file: `${SHOP}/app/services/inventory.py`, line: 8 });
    expect(update?.traces[0]?.culprit).toEqual(add?.traces[0]?.culprit);
    expect(add?.traces[0]?.frames.filter((f) => f.inApp).map((f) => f.file.replace(`${SHOP}/`, ''))).toEqual([
      'tests/smoke/test_smoke_cart_items.py',
      'app/middleware.py',
      'app/routers/cart_items.py',
      'app/services/inventory.py',
    ]);
  });
});

describe('pytest on a small project (real JUnit XML)', () => {
  it('classes, parametrised tests, fixture errors, collection errors and skips', () => {
    const r = result('pytest-project', 'pytest', PYTEST_PROJECT);
    expect(r.scenariosTested).toBe(10); // 11 cases, one skipped; the ndsmoke test was deselected
    expect(r.scenarios.map((s) => s.id)).toContain('tests/test_smoke_pricing.py::test_smoke_discount_edges[100]');
    expect(r.scenarios.map((s) => s.id)).not.toContain('tests/test_smoke_pricing.py::test_smoke_live_model');
    const v = byNodeid(r);
    expect(v.get('tests/test_smoke_imports.py')?.signature).toMatchObject({
      exceptionType: 'ModuleNotFoundError',
      file: 'tests/test_smoke_imports.py',
      line: 1,
      message: "No module named 'shop.inventory'",
    });
    expect(v.get('tests/test_smoke_pricing.py::TestSmokeCart::test_smoke_status')?.signature).toMatchObject({
      exceptionType: 'AssertionError',
      message: 'POST /carts returned 500',
      line: 33,
    });
    expect(v.get('tests/test_smoke_pricing.py::test_smoke_label')?.signature).toMatchObject({
      exceptionType: 'TypeError',
      file: 'shop/pricing.py',
      line: 13,
      function: 'label',
    });
    expect(v.get('tests/test_smoke_pricing.py::test_smoke_total_missing_key')?.signature).toMatchObject({
      exceptionType: 'KeyError',
      file: 'shop/pricing.py',
      line: 5,
    });
    expect(v.get('tests/test_smoke_pricing.py::test_smoke_with_broken_fixture')).toMatchObject({
      message:
        'tests/test_smoke_pricing.py::test_smoke_with_broken_fixture error: RuntimeError: database ' +
        'unavailable at 127.0.0.1:5432',
      signature: { exceptionType: 'RuntimeError', function: 'broken_fixture' },
    });
  });

  it('an interrupted collection reports only the collection error', () => {
    const r = result('pytest-collection-error', 'pytest', PYTEST_PROJECT);
    expect(r).toMatchObject({ scenariosTested: 1, scenariosPassed: 0, passRate: 0 });
    expect(r.violations[0]?.signature.exceptionType).toBe('ModuleNotFoundError');
  });
});

describe('vitest (real JUnit XML from --reporter=junit)', () => {
  it('failures in app code and in tests, a file that fails to load, a skip', () => {
    const r = result('vitest-project', 'vitest', VITEST_PROJECT);
    expect(r).toMatchObject({ scenariosTested: 6, scenariosPassed: 2 });
    const v = byNodeid(r);
    expect(v.get('test/cart.test.mjs > cart smoke > adds an item')?.signature).toMatchObject({
      exceptionType: 'TypeError',
      file: 'src/cart.mjs',
      line: 3,
      function: 'addItem',
      message: "Cannot read properties of undefined (reading 'value')",
    });
    expect(v.get('test/cart.test.mjs > top-level smoke test')?.signature).toMatchObject({
      exceptionType: 'AssertionError',
      file: 'test/cart.test.mjs',
      line: 25,
    });
    expect(v.get('test/broken.test.mjs')?.signature).toMatchObject({ file: 'test/broken.test.mjs', line: 1 });
    expect(r.scenarios.map((s) => s.id)).toContain('test/cart.test.mjs > cart smoke > calls the live model [ndsmoke]');
  });

  it('the [ndsmoke] tag excluded by -t is reported as skipped and not counted', () => {
    const r = result('vitest-project-no-ndsmoke', 'vitest', VITEST_PROJECT);
    expect(r.scenariosTested).toBe(5);
    expect(r.scenarios.map((s) => s.id).some((id) => id.includes('[ndsmoke]'))).toBe(false);
  });
});

describe('parseJunitXml', () => {
  it('rejects what is not JUnit XML with a coded error', () => {
    expect(() => parseJunitXml('<html><body/></html>')).toThrow(JunitParseError);
    expect(() => parseJunitXml('<testsuites><testsuite>')).toThrow(/not well-formed|no <testsuites>/);
    try {
      parseJunitXml('garbage');
    } catch (error) {
      expect((error as JunitParseError).code).toBe('SMOKE_JUNIT_PARSE');
    }
  });

  it('reads a bare <testsuite> with a file attribute (xunit-style writers such as jest-junit)', () => {
    const cases = parseJunitXml(
      '<testsuite name="s"><testcase classname="cart" name="adds" file="test/cart.test.js"><failure ' +
        'message="boom" type="Error">Error: boom\n' +
        '    at add (/p/src/cart.js:3:9)</failure></testcase></testsuite>',
    );
    expect(cases).toEqual([
      expect.objectContaining({
        classname: 'cart',
        name: 'adds',
        file: 'test/cart.test.js',
        outcome: 'failed',
        type: 'Error',
      }),
    ]);
  });
});

describe('colour codes', () => {
  it('strips the colours pytest writes into the report under FORCE_COLOR (as `#x1B[...m`)', () => {
    const coloured = readFileSync(join(FIXTURES, 'pytest-project-colour.xml'), 'utf8');
    expect(coloured).toContain('#x1B[');
    const plain = result('pytest-project', 'pytest', PYTEST_PROJECT);
    const fromColoured = result('pytest-project-colour', 'pytest', PYTEST_PROJECT);
    expect(fromColoured.violations.map((v) => v.signature)).toEqual(plain.violations.map((v) => v.signature));
    expect(fromColoured.violations.some((v) => v.responseExcerpt.includes('#x1B'))).toBe(false);
  });
});
