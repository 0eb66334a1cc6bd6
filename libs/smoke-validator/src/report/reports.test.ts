import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { smokeResultSchema, summarizeScenarios, type ScenarioResult, type SmokeResult } from '../smoke-result.js';
import { syntheticSignature } from '../http/build-result.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunitReport } from './junit-report.js';
import { writeHtmlReport, writeJunitReport } from '../adapters/report-files.js';

const scenario = (
  id: string,
  status: ScenarioResult['status'],
  extra: Partial<ScenarioResult> = {},
): ScenarioResult => ({
  id,
  endpoint: id,
  method: id.split(' ')[0]!,
  path: id.split(' ')[1]!,
  status,
  blockedBy: [],
  expectedStatus: 200,
  actualStatus: status === 'blocked' ? null : status === 'passed' ? 200 : 500,
  durationMs: 3,
  requestId: null,
  notes: [],
  ...extra,
});

function sample(): SmokeResult {
  const scenarios = [
    scenario('GET /things', 'passed'),
    scenario('POST /things', 'failed', { requestId: 'r-1' }),
    scenario('GET /things/{thing_id}', 'blocked', { blockedBy: ['POST /things'], notes: ['no /things id'] }),
  ];
  return {
    ...summarizeScenarios(scenarios),
    violations: [
      {
        scenarioId: 'POST /things',
        endpoint: 'POST /things',
        method: 'POST',
        path: '/things',
        expectedStatus: 201,
        actualStatus: 500,
        kind: 'server_error',
        message: 'HTTP 500 (server error) <script>',
        responseExcerpt: 'Internal Server Error & "more"',
        requestId: 'r-1',
        traces: [],
        signature: syntheticSignature('POST /things', 'server_error', 500, 'x'),
        reproduce: "curl -sS -i -X POST http://127.0.0.1:1/things --data-raw '{}'",
      },
    ],
    stackTraces: [],
    serverLogPath: '/tmp/server.log',
    durationMs: 12,
    scenarios,
    mode: 'http',
    target: 'http://127.0.0.1:1',
    startedAt: new Date(0).toISOString(),
  };
}

describe('summaries', () => {
  it('counts blocked endpoints as tested and not passed', () => {
    const r = sample();
    expect(r).toMatchObject({
      scenariosTested: 3,
      scenariosPassed: 1,
      endpointsTested: 3,
      endpointsPassed: 1,
      blocked: 1,
    });
    expect(r.passRate).toBeCloseTo(1 / 3);
    expect(smokeResultSchema.parse(r)).toBeTruthy();
  });
});

describe('JUnit report', () => {
  it('has one testcase per scenario, failures with evidence, blocked as skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoke-junit-'));
    await writeJunitReport(sample(), join(dir, 'out', 'smoke.xml'));
    const xml = readFileSync(join(dir, 'out', 'smoke.xml'), 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '3', failures: '1', skipped: '1' });
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases).toHaveLength(3);
    const failed = cases.find((c) => c['name'] === 'POST /things') as {
      failure: { message: string; type: string; '#text': string };
    };
    expect(failed.failure.type).toBe('server_error');
    expect(failed.failure['#text']).toContain('reproduce: curl');
    const skipped = cases.find((c) => c['name'] === 'GET /things/{thing_id}') as { skipped: { message: string } };
    expect(skipped.skipped.message).toMatch(/blocked by POST \/things/);
    expect(renderJunitReport(sample())).not.toContain('<script>');
  });
});

describe('HTML report', () => {
  it('is self-contained, escaped, with the pass-rate figure, table, failure details and blocked list', async () => {
    const html = renderHtmlReport(sample());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link|src="http|href="http/);
    expect(html).toContain('<svg');
    expect(html).toContain('33.3%');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('curl -sS -i -X POST');
    expect(html).toMatch(/blocked by <code>POST \/things<\/code>/);
    const dir = mkdtempSync(join(tmpdir(), 'smoke-html-'));
    await writeHtmlReport(sample(), join(dir, 'smoke.html'));
    expect(readFileSync(join(dir, 'smoke.html'), 'utf8')).toBe(html);
  });

  it('places a Repair loop section after the figures only when given one', () => {
    expect(renderHtmlReport(sample())).not.toContain('Repair loop');
    const html = renderHtmlReport(sample(), undefined, { loopSection: '<p id="loop">loop view</p>' });
    expect(html.indexOf('<h2>Repair loop</h2>\n<p id="loop">loop view</p>')).toBeGreaterThan(
      html.indexOf('class="figures"'),
    );
    expect(html.indexOf('<h2>Repair loop</h2>')).toBeLessThan(html.indexOf('<h2 id="failures">'));
  });
});

describe('reports of a run in which the app crashed', () => {
  function crashed(): SmokeResult {
    const r = sample();
    const v = {
      ...r.violations[0]!,
      kind: 'crash' as const,
      actualStatus: null,
      message: 'the app crashed during this request (exit code 1); restarted',
    };
    return {
      ...r,
      violations: [v],
      crashes: [
        {
          scenarioId: 'POST /things',
          requestId: 'r-1',
          exitCode: 1,
          signal: null,
          at: new Date(0).toISOString(),
          restarted: true,
          signature: null,
        },
      ],
      appRestarts: 1,
    };
  }

  it('badges the crash, counts crashes and restarts, and stays valid against the schema', () => {
    const r = crashed();
    expect(smokeResultSchema.parse(r)).toBeTruthy();
    const html = renderHtmlReport(r);
    expect(html).toContain('<span class="badge crash">crashed the app</span>');
    expect(html).toMatch(/<b class="failed">1<\/b>app crash \(1 restart\)/);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunitReport(r));
    const props = doc.testsuites.testsuite.properties.property as { name: string; value: string }[];
    expect(props).toEqual(
      expect.arrayContaining([
        { name: 'appCrashes', value: '1' },
        { name: 'appRestarts', value: '1' },
      ]),
    );
    expect(renderHtmlReport(sample())).not.toContain('crashed the app');
  });
});
