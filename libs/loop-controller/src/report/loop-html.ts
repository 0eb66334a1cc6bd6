/**
 * `loop.html`: the repair loop on one self-contained page (inline CSS and SVG, no scripts or
 * external assets): the pass rate per iteration as a chart, every patch as a diff, the
 * rollbacks and the escalation bundle. Every text is escaped and secrets are redacted.
 */
import type { LoopResult } from '../loop/loop-result.js';
import { pct, safeText } from './html-text.js';
import {
  bundleSection,
  iterationsTable,
  patchesSection,
  rejectedSection,
  rollbacksSection,
  type RollbackRecord,
  candidatesSection,
} from './loop-html-parts.js';
import { passRateChart } from './pass-rate-chart.js';

/** What the page shows beyond the `LoopResult`. */
export interface LoopView {
  /** Patch id → its unified diff. */
  readonly diffs?: ReadonlyMap<string, string>;
  /** Rollbacks as the loop reported them (`rollback` events). */
  readonly rollbacks?: readonly RollbackRecord[];
  /** Drawn as a dashed line on the chart. */
  readonly targetPassRate?: number;
  /** Values to redact wherever they appear (configured header values, API keys). */
  readonly secrets?: readonly string[];
  /** Link to the final smoke report (the accepted state's), relative to loop.html (e.g. `final/smoke.html`). */
  readonly smokeReport?: string;
  /** Link to the baseline smoke report (before any repair), relative to loop.html (e.g. `baseline/smoke.html`). */
  readonly baselineReport?: string;
  /** Link to the accepted changes as one patch, relative to loop.html. */
  readonly acceptedPatch?: string;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;\
color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de;\
padding-bottom:.3rem}
.meta{color:#59636e}.figures{display:flex;gap:2rem;align-items:center;flex-wrap:wrap;margin:1rem 0}
.figure b{display:block;font-size:1.6rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;\
padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;\
padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;border-radius:6px}
.passed{color:#1a7f37}.failed{color:#cf222e}.blocked{color:#9a6700}.badge{font-weight:600;text-transform:uppercase;\
font-size:.75rem}
details{margin:.8rem 0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem}summary{cursor:pointer;\
font-weight:600}
pre.diff span{display:block}.da{background:#dafbe1}.dd{background:#ffebe9}.dh{color:#0550ae}.dm{color:#59636e;\
font-weight:600}`;

/** The full `loop.html` page. */
export function renderLoopHtml(result: LoopResult, view: LoopView = {}): string {
  const t = safeText(view.secrets ?? []);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>smoke-repair loop report</title><style>${CSS}</style></head>
<body>
<h1>smoke-repair loop report</h1>
${headline(result, view, t)}
${passRateChart(result, view.targetPassRate)}
<h2>Iterations (${result.iterations.length})</h2>
${iterationsTable(result)}
<h2>Root causes and their candidates (${result.rootCauses?.length ?? 0})</h2>
${candidatesSection(result, t)}
<h2>Patches (${result.iterations.reduce((n, it) => n + it.patches.length, 0)})</h2>
${patchesSection(result, view.diffs ?? new Map(), t)}
<h2>Rollbacks</h2>
${rollbacksSection(result, view.rollbacks ?? [], t)}
<h2>Rejected proposals</h2>
${rejectedSection(result, t)}
<h2>Escalation bundle</h2>
${bundleSection(result, t)}
</body></html>
`;
}

/**
 * The "Repair loop" section of smoke.html: the headline figures and the chart, linking to
 * loop.html for the diffs, rollbacks and bundle. Classes are those smoke.html already styles.
 */
export function renderLoopSection(result: LoopResult, view: LoopView & { loopReport?: string } = {}): string {
  const t = safeText(view.secrets ?? []);
  const rolledBack = result.iterations.reduce(
    (n, it) => n + it.patches.filter((p) => p.outcome === 'rolled_back').length,
    0,
  );
  const iterations = `${result.iterations.length} iteration${result.iterations.length === 1 ? '' : 's'}`;
  const escalated = result.escalation ? ` · escalated: <span class="failed">${t(result.escalation.reason)}</span>` : '';
  const loopLink = view.loopReport
    ? ` · every patch as a diff, the rollbacks and the bundle: ` +
      `<a href="${t(view.loopReport)}">${t(view.loopReport)}</a>`
    : '';
  return `${headline(result, { ...view, smokeReport: undefined, baselineReport: undefined }, t)}
${passRateChart(result, view.targetPassRate)}
<p>${iterations} · ${result.fixesApplied} fixes kept · ${rolledBack} rolled back${escalated}${loopLink}</p>`;
}

function headline(result: LoopResult, view: LoopView, t: (s: string) => string): string {
  const outcomeClass = result.outcome === 'escalated' ? 'failed' : 'passed';
  const links = [
    view.baselineReport
      ? `baseline smoke report <a href="${t(view.baselineReport)}">${t(view.baselineReport)}</a>`
      : '',
    view.smokeReport ? `final smoke report <a href="${t(view.smokeReport)}">${t(view.smokeReport)}</a>` : '',
    view.acceptedPatch ? `accepted changes <a href="${t(view.acceptedPatch)}">${t(view.acceptedPatch)}</a>` : '',
    result.branch ? `branch <code>${t(result.branch)}</code>` : '',
  ].filter(Boolean);
  const outcome = `<span class="${outcomeClass} badge">${t(result.outcome.replace('_', ' '))}</span>`;
  const seconds = (result.durationMs / 1000).toFixed(1);
  const linked = links.length ? ` · ${links.join(' · ')}` : '';
  return `<p class="meta">${outcome} — ${t(result.stopReason)} · ${seconds} s${linked}</p>
<div class="figures">
<div class="figure"><b>${pct(result.initial.passRate)} → ${pct(result.final.passRate)}</b>pass rate</div>
<div class="figure"><b class="failed">${result.initial.serverErrors} → ${result.final.serverErrors}</b>5xx</div>
<div class="figure"><b>${result.fixesApplied}</b>fixes kept (${result.filesFixed} files)</div>
<div class="figure"><b>${result.patternsPromoted}</b>patterns promoted</div>
</div>`;
}
