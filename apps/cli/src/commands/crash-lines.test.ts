import { describe, expect, it } from 'vitest';
import { renderLoopEvent, renderLoopTable } from './run-render.js';
import { crashLine, crashLines } from './smoke-summary.js';

const crash = {
  scenarioId: 'POST /notes/{noteId}/archive',
  requestId: 'r-1',
  exitCode: 1,
  signal: null,
  at: new Date(0).toISOString(),
  restarted: true,
  signature: 'TypeError@src/notes.js:29 <anonymous>: x',
};

describe('crash lines', () => {
  it('one line per death of the app: where, how, the fatal signature, whether it came back', () => {
    expect(crashLine(crash)).toBe(
      'app crashed under POST /notes/{noteId}/archive (exit code 1): TypeError@src/notes.js:29 ' +
        '<anonymous>: x — restarted',
    );
    expect(
      crashLine({ ...crash, scenarioId: null, exitCode: null, signal: 'SIGSEGV', signature: null, restarted: false }),
    ).toBe('app crashed between requests (signal SIGSEGV) — not restarted');
  });

  it('a request that killed the app again when rerun alone is one line, counting its deaths', () => {
    expect(crashLines([{ ...crash, restarted: true }, crash])).toEqual([crashLine(crash, 2)]);
    expect(crashLine(crash, 2)).toMatch(
      /^app crashed under POST \/notes\/\{noteId\}\/archive \(exit code 1, 2 times\): /,
    );
    expect(crashLines([crash, { ...crash, scenarioId: 'GET /x' }])).toHaveLength(2);
  });

  it('the loop prints them under the smoke line, one per crash', () => {
    const smoke = {
      passRate: 0.5,
      scenariosTested: 4,
      scenariosPassed: 2,
      endpointsTested: 4,
      endpointsPassed: 2,
      serverErrors: 2,
      violations: 2,
      blocked: 0,
    };
    const text = renderLoopEvent({ type: 'smoke', iteration: 0, smoke, rerun: false, crashes: [crash, crash] }, true);
    expect(text.split('\n').filter(Boolean)).toEqual([
      '  smoke  pass rate 50.0%, 2 server errors, 2 violations',
      `  [!!] ${crashLine(crash, 2)}`,
    ]);
    expect(
      renderLoopEvent({ type: 'smoke', iteration: 0, smoke, rerun: false }, true).split('\n').filter(Boolean),
    ).toHaveLength(1);
  });
});

describe('repair lines', () => {
  it('fold the strategies that had nothing into one count; what was proposed stays a line each', () => {
    const none = (strategy: string, sig: string) => `no_proposal ${strategy}: ${strategy}: no fix for ${sig}`;
    const detail = [
      none('pattern', 'A@x.py:1'),
      none('recipe', 'A@x.py:1'),
      'patched recipe python.status-code: return 201',
      none('pattern', 'B@y.py:2'),
      none('recipe', 'B@y.py:2'),
    ];
    const text = renderLoopEvent(
      { type: 'repair', iteration: 1, rootCauses: 3, patches: 1, rejected: 0, detail },
      true,
    );
    expect(text.split('\n').filter(Boolean)).toEqual([
      '  repair   3 root causes → 1 patches',
      '           patched recipe python.status-code: return 201',
      '           no proposal from pattern, recipe for 2 root causes (4 tries)',
    ]);
    const few = renderLoopEvent(
      { type: 'repair', iteration: 1, rootCauses: 1, patches: 0, rejected: 0, detail: detail.slice(0, 2) },
      true,
    );
    expect(few).toContain(`           ${none('recipe', 'A@x.py:1')}\n`);
  });
});

describe('the candidates of the final table', () => {
  it('one line per root cause with candidates, one count for those without', () => {
    const summary = {
      passRate: 0.5,
      scenariosTested: 2,
      scenariosPassed: 1,
      endpointsTested: 2,
      endpointsPassed: 1,
      serverErrors: 1,
      violations: 1,
      blocked: 0,
    };
    const candidate = {
      iteration: 1,
      patchId: 'p1-a',
      strategy: 'recipe',
      recipeId: 'python.status-code',
      summary: 's',
      verdict: 'accepted' as const,
      rule: 'passes',
      reason: 'ok',
    };
    const result = {
      outcome: 'escalated',
      iterations: [],
      initial: summary,
      final: summary,
      fixesApplied: 0,
      filesFixed: 0,
      patternsPromoted: 0,
      artifactsDir: '/a',
      patchFile: null,
      branch: null,
      durationMs: 1,
      stopReason: 'x',
      rootCauses: [
        { signature: 'A@x.py:1', endpoints: ['GET /a'], candidates: [candidate] },
        { signature: 'B@y.py:2', endpoints: ['GET /b'], candidates: [] },
        { signature: 'C@z.py:3', endpoints: ['GET /c'], candidates: [] },
      ],
    } as unknown as Parameters<typeof renderLoopTable>[0];
    const lines = renderLoopTable(result).split('\n');
    const at = lines.indexOf('candidates per root cause (3):');
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  A@x.py:1: python.status-code accepted (passes)',
      '  2 root causes without a recorded candidate (loop.html lists them)',
    ]);
  });
});
