import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loopSectionSchema,
  patternsSectionSchema,
  repairSectionSchema,
  type RepairLoopConfig,
} from '../config/loop-config.js';
import { createRepairLoop } from '../run-repair-loop.js';
import { fakeDeps, patchFor, repairResult, settings, smokeResult } from '../test-support/fakes.js';
import { renderLoopHtml } from './loop-html.js';
import { recordLoop } from './loop-recorder.js';
import { writeLoopReports } from './write-loop-reports.js';

const SECRET = 'sk-live-0123456789abcdef';

/** Iteration 1 fixes `a` (kept); iteration 2 breaks `b` (rolled back, escalation: regression). */
async function loopWithRollback(reports: { html: string; junit: string } | null = null) {
  const good = patchFor('a');
  const evil = {
    ...patchFor('c'),
    summary: 'rewrite <script>alert(1)</script> & "quote"',
    diff: `--- a/app/c.py\n+++ b/app/c.py\n@@ -1 +1 @@\n-old\n+headers = {"Authorization": "Bearer ${SECRET}"}\n`,
  };
  const f = fakeDeps({
    smokes: [
      smokeResult({ a: 500, b: 'pass', c: 500, d: 'pass' }),
      smokeResult({ a: 'pass', b: 'pass', c: 500, d: 'pass' }),
      smokeResult({ a: 'pass', b: 500, c: 500, d: 'pass' }),
    ],
    repairs: [repairResult([good]), repairResult([evil])],
    reports,
  });
  const recorded = recordLoop(f.deps);
  const result = await createRepairLoop(recorded.deps, settings({ targetPassRate: 1 })).run();
  return { result, recording: recorded.recording, good, evil, f };
}

describe('loop.html', () => {
  it('shows the chart, every patch as a diff, the rollbacks and the bundle; escaped and redacted', async () => {
    const { result, recording, good, evil } = await loopWithRollback();
    expect(result.outcome).toBe('escalated');
    expect(recording.rollbacks).toEqual([expect.objectContaining({ iteration: 2, patches: [evil.id] })]);
    const html = renderLoopHtml(result, {
      diffs: recording.diffs,
      rollbacks: recording.rollbacks,
      targetPassRate: 1,
      secrets: [SECRET],
      smokeReport: 'smoke.html',
    });
    // The chart: baseline 50%, iteration 1 at 75% (kept, green), iteration 2 at 50% (rolled back, red).
    expect(html).toMatch(/<svg role="img" aria-label="pass rate per iteration: baseline 50%, 1 75%, 2 50%"/);
    expect(html).toContain('fill="#1a7f37"');
    expect(html).toContain('fill="#cf222e"');
    expect(html).toContain('target 100%');
    // Every patch with its diff, coloured per line.
    expect(html).toContain(`id="patch-${good.id}"`);
    expect(html).toContain(`<span class="da">+fixed by ${good.id}</span>`);
    expect(html).toContain('<span class="dd">-old</span>');
    // Per root cause, each candidate with its verdict and rule.
    expect(html).toContain('Root causes and their candidates (2)');
    expect(html).toMatch(
      new RegExp(
        `<a href="#patch-${good.id}"><code>${good.id}</code></a> fix a</td><td>recipe</td><td class="passed"><span ` +
          `class="badge">accepted</span></td><td>passes</td>`,
      ),
    );
    expect(html).toMatch(
      new RegExp(`<a href="#patch-${evil.id}">.*<span class="badge">regressed</span></td><td>broke-passing</td>`),
    );
    // Rollbacks and the bundle.
    expect(html).toMatch(new RegExp(`iteration 2: <a href="#patch-${evil.id}">`));
    expect(html).toContain('<b>reason:</b> <span class="failed">regression</span>');
    expect(html).toContain('escalation.json');
    // Escaped, redacted, self-contained.
    expect(html).not.toContain('<script>');
    expect(html).toContain('rewrite &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quote&quot;');
    expect(html).not.toContain(SECRET);
    expect(html).toContain('Authorization'); // the rolled-back patch's diff is on the page, its secret redacted
    expect(html).not.toMatch(/<script|<link|<img|<iframe| src=|href="(?!#|smoke\.html|escalation\.json)/);
  });

  it(`stays small at scale: the first 30 failures and commands of the bundle, a link to escalation.json; a root cause \
without recorded candidates is one closed line`, async () => {
    const { result } = await loopWithRollback();
    const bundle = result.escalation!;
    const big = {
      ...result,
      escalation: {
        ...bundle,
        failures: Array.from({ length: 100 }, (_, i) => ({
          nodeid: `GET /x/${i}`,
          signature: `E@x.py:${i}`,
          attempts: 1,
        })),
        repro_commands: Array.from({ length: 45 }, (_, i) => `curl http://127.0.0.1:1/x/${i}`),
      },
      rootCauses: [
        ...(result.rootCauses ?? []),
        { signature: 'OverflowError@app/x.py:9 f: too large', endpoints: ['GET /x'], candidates: [] },
      ],
    };
    const html = renderLoopHtml(big);
    expect(html.match(/<tr><td><code>GET \/x\/\d+<\/code>/g)).toHaveLength(30);
    expect(html).toContain('… and 70 more failures in <a href="escalation.json">escalation.json</a>');
    expect(html).toContain('… and 15 more commands in <a href="escalation.json">escalation.json</a>');
    expect(html).not.toContain('"repro_commands"');
    expect(html).toContain(
      '<details><summary><code>OverflowError@app/x.py:9 f: too large</code> · GET /x · <span ' +
        'class="blocked">no candidate recorded</span></summary></details>',
    );
  });

  it('is still a page when nothing was repaired', () => {
    const summary = {
      passRate: 1,
      scenariosTested: 2,
      scenariosPassed: 2,
      endpointsTested: 2,
      endpointsPassed: 2,
      serverErrors: 0,
      violations: 0,
      blocked: 0,
    };
    const html = renderLoopHtml({
      outcome: 'passed',
      iterations: [],
      initial: summary,
      final: summary,
      fixesApplied: 0,
      filesFixed: 0,
      patternsPromoted: 0,
      artifactsDir: '/a',
      patchFile: null,
      branch: null,
      durationMs: 5,
      stopReason: 'every scenario passes',
    });
    expect(html).toContain('No iterations');
    expect(html).toContain('No escalation');
    expect(html).toMatch(/aria-label="pass rate per iteration: baseline 100%"/);
  });
});

describe('writeLoopReports', () => {
  it(`writes loop.html linking a baseline/ and a final/ report set; final/ is the accepted state, each smoke.html \
links back`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-reports-'));
    mkdirSync(join(dir, 'final'));
    writeFileSync(join(dir, 'final', 'smoke.html'), 'stale');
    const { result, recording } = await loopWithRollback();
    const config = {
      smoke: { smoke: { headers: { Authorization: `Bearer ${SECRET}` } } },
      loop: loopSectionSchema.parse({ targetPassRate: 1 }),
      repair: repairSectionSchema.parse({}),
      patterns: patternsSectionSchema.parse({}),
    } as unknown as RepairLoopConfig;
    const writeArtifact = async (name: string, content: string) => {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const written = await writeLoopReports({ writeArtifact }, config, result, recording);
    expect(written).toEqual({
      loopHtml: join(dir, 'loop.html'),
      smokeHtml: join(dir, 'final', 'smoke.html'),
      baselineHtml: join(dir, 'baseline', 'smoke.html'),
    });
    for (const set of ['baseline', 'final'])
      expect(readdirSync(join(dir, set)).sort()).toEqual(['smoke.html', 'smoke.json', 'smoke.xml']);
    const loop = readFileSync(join(dir, 'loop.html'), 'utf8');
    expect(loop).toContain('baseline smoke report <a href="baseline/smoke.html">baseline/smoke.html</a>');
    expect(loop).toContain('final smoke report <a href="final/smoke.html">final/smoke.html</a>');
    expect(loop).not.toContain(SECRET);
    const final = readFileSync(join(dir, 'final', 'smoke.html'), 'utf8');
    expect(final).toContain('<h2>Repair loop</h2>');
    expect(final).toContain('<a href="../loop.html">../loop.html</a>');
    expect(final).toMatch(/aria-label="pass rate per iteration/);
    // The accepted state (iteration 1, 75%), not the rolled-back run (50%); the baseline is the first smoke.
    expect(final).toMatch(/<b>75\.0%<\/b>pass rate/);
    expect(JSON.parse(readFileSync(join(dir, 'final', 'smoke.json'), 'utf8')).passRate).toBe(0.75);
    const baseline = readFileSync(join(dir, 'baseline', 'smoke.html'), 'utf8');
    expect(baseline).toContain('<title>smoke-repair smoke report (baseline)</title>');
    expect(JSON.parse(readFileSync(join(dir, 'baseline', 'smoke.json'), 'utf8')).passRate).toBe(
      recording.smokes[0]!.result.passRate,
    );
    expect(recording.smokes[0]!.result.passRate).not.toBe(0.75);
  });
});
