// smoke.html at scale: grouped by root cause, capped per group, escaped, framework frames folded.
// The traces come from a log captured from a real uvicorn app (libs/log-parser/fixtures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLogs } from '@smoke-repair/log-parser';
import { describe, expect, it } from 'vitest';
import { summarizeScenarios, type ScenarioResult, type SmokeResult, type Violation } from '../smoke-result.js';
import { syntheticSignature } from '../http/build-result.js';
import { groupViolations } from './group-violations.js';
import { renderHtmlReport } from './html-report.js';

const LOG = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'log-parser', 'fixtures', 'py-uvicorn.log'),
  'utf8',
);
const TRACES = parseLogs(LOG, { appRoot: '/tmp/smoke-repair-fixtures/python-app' });

function violation(i: number, endpoint: string, traceIndex: number | null, extra: Partial<Violation> = {}): Violation {
  const [method, path] = endpoint.split(' ') as [string, string];
  const trace = traceIndex === null ? undefined : TRACES[traceIndex]!;
  return {
    scenarioId: `${endpoint} #${i}`,
    endpoint,
    method,
    path: path.replace(/\{[^}]+\}/g, String(i)),
    expectedStatus: 201,
    actualStatus: 500,
    kind: 'server_error',
    message: 'HTTP 500 (server error)',
    responseExcerpt: 'Internal Server Error',
    requestId: `req-${i}`,
    traces: trace ? [trace] : [],
    signature: trace ? trace.signature : syntheticSignature(endpoint, 'server_error', 500, 'x'),
    reproduce: `curl -sS -i -X ${method} http://127.0.0.1:1${path} -H 'X-Request-ID: req-${i}'`,
    ...extra,
  };
}

function result(violations: Violation[]): SmokeResult {
  const scenarios: ScenarioResult[] = violations.map((v) => ({
    id: v.scenarioId!,
    endpoint: v.endpoint,
    method: v.method,
    path: v.path,
    status: 'failed',
    blockedBy: [],
    expectedStatus: 201,
    actualStatus: 500,
    durationMs: 2,
    requestId: v.requestId,
    notes: [],
  }));
  return {
    ...summarizeScenarios(scenarios),
    violations,
    stackTraces: [],
    serverLogPath: null,
    durationMs: 5,
    scenarios,
    mode: 'http',
    target: 'http://127.0.0.1:1',
    startedAt: new Date(0).toISOString(),
  };
}

describe('groupViolations', () => {
  it('groups by signature, largest group first, ties in result order, endpoints distinct', () => {
    const vs = [
      violation(1, 'GET /a', null),
      violation(2, 'POST /b', 0),
      violation(3, 'PUT /b/{id}', 0),
      violation(4, 'POST /b', 0),
      violation(5, 'GET /c', 1),
    ];
    const groups = groupViolations(vs);
    expect(groups.map((g) => g.violations.length)).toEqual([3, 1, 1]);
    expect(groups[0]!.endpoints).toEqual(['POST /b', 'PUT /b/{id}']);
    expect(groups[0]!.key).toBe(TRACES[0]!.signature.key);
    expect(groups[1]!.violations[0]!.scenarioId).toBe('GET /a #1');
    expect(groups[2]!.violations[0]!.scenarioId).toBe('GET /c #5');
  });
});

describe('smoke.html at scale', () => {
  const many = [
    ...Array.from({ length: 400 }, (_, i) => violation(i, i % 2 ? 'POST /products' : 'PUT /products/{id}', 0)),
    ...Array.from({ length: 300 }, (_, i) => violation(1000 + i, 'POST /orders', 1)),
  ];

  it('renders one card per root cause and only the first N instances of each', () => {
    const html = renderHtmlReport(result(many), undefined, { maxInstancesPerGroup: 4 });
    expect(html.match(/<section class="group"/g)).toHaveLength(2);
    expect(html.match(/<details class="inst"/g)).toHaveLength(8);
    expect(html).toContain('<span class="count">400×</span>');
    expect(html).toContain(
      '… and 396 more instances of this root cause (198× PUT /products/{id}, 198× POST /products)',
    );
    expect(html).toContain('… and 296 more instances');
    // Bounded by root causes, not scenarios: 700 failures stay far below one card each.
    expect(html.length).toBeLessThan(60_000);
  });

  it('puts the summary first, failures before blocked, the endpoint table last', () => {
    const html = renderHtmlReport(result(many));
    const at = (s: string) => html.indexOf(s);
    expect(at('class="figures"')).toBeLessThan(at('<h2 id="failures">'));
    expect(at('<h2 id="failures">')).toBeLessThan(at('<h2 id="blocked">'));
    expect(at('<h2 id="blocked">')).toBeLessThan(at('<h2 id="endpoints">'));
    expect(at('<ol class="glance">')).toBeLessThan(at('<h2 id="failures">'));
  });

  it('shows in-app frames and folds each run of framework frames, with copy buttons for curl and trace', () => {
    const html = renderHtmlReport(result(many));
    const card = html.slice(html.indexOf('<section class="group" id="rc-1"'), html.indexOf('</section>'));
    const trace = TRACES[0]!;
    const inApp = trace.frames.filter((f) => f.inApp).length;
    expect(inApp).toBeGreaterThan(0);
    expect(card.match(/<span class="app">/g)).toHaveLength(inApp);
    expect(card).toMatch(/<details><summary>\d+ framework frames?<\/summary><span class="fw">/);
    expect(card).toContain('…/uvicorn/');
    expect(card).toContain('<button class="copy" type="button" data-copy="rc-1-curl">copy curl</button>');
    expect(card).toContain('<button class="copy" type="button" data-copy="rc-1-trace">copy trace</button>');
    expect(card).toContain('<pre id="rc-1-curl">curl -sS -i -X');
    expect(card).toContain('<div class="trace" id="rc-1-trace">');
  });

  it(`carries what the filters read: kinds, methods and paths per card and per row, one inline script, nothing \
fetched`, () => {
    const html = renderHtmlReport(result(many));
    expect(html).toContain('data-kinds="server_error" data-methods="PUT POST" data-paths="/products/{id} /products">');
    expect(html).toMatch(/<select id="f-kind"><option value="">all<\/option><option>server_error<\/option><\/select>/);
    expect(html).toMatch(/<tr data-method="POST" data-path="\/orders">/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]+src=|<link|src="http|href="http|@import/);
  });

  it('escapes every text from the app and the request', () => {
    const evil = violation(1, 'POST /x', null, {
      message: '<img src=x onerror=alert(1)>',
      responseExcerpt: '</pre><script>alert(2)</script>',
      reproduce: `curl -d '"><b>'`,
      signature: { ...syntheticSignature('POST /x', 'server_error', 500, 'x'), key: '<svg onload=alert(3)>' },
    });
    const html = renderHtmlReport(result([evil]));
    expect(html).not.toMatch(/<img|<script>alert|<svg onload|curl -d '"><b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('curl -d &#39;&quot;&gt;&lt;b&gt;&#39;');
  });

  it('has no script and says None when nothing failed', () => {
    const html = renderHtmlReport(result([]));
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<h2 id="failures">Failures by root cause \(0 in 0\)<\/h2>\n<p>None.<\/p>/);
  });
});
