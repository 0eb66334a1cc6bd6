/**
 * `smoke.html`: one self-contained page (inline CSS, SVG and a small inline script; nothing
 * fetched). Summary first (pass rate, counts, the root causes at a glance), then the failures
 * grouped by root cause with filters (kind, method, path) and copy buttons for the curl and the
 * trace, then what was blocked, then the per-endpoint table. Its size is bounded by the number
 * of root causes, not scenarios: each group renders its first `maxInstancesPerGroup` instances
 * and one line for the rest (smoke.json and smoke.xml keep every one).
 */
import type { ScenarioResult, SmokeResult } from '../smoke-result.js';
import { groupViolations } from './group-violations.js';
import { SMOKE_CSS, SMOKE_SCRIPT } from './html/assets.js';
import { esc } from './html/escape.js';
import { renderFailureGroups } from './html/failures.js';

/** Extra content and limits of the page. */
export interface HtmlReportOptions {
  /**
   * A "Repair loop" section placed after the figures: an HTML fragment rendered (escaped) by
   * the loop controller, inserted as is. Only the loop controller passes one.
   */
  readonly loopSection?: string;
  /** Instances rendered per root cause (default 5); the rest are counted in one line. */
  readonly maxInstancesPerGroup?: number;
}

const BLOCKED_SHOWN = 50;

/** The HTML text of a result. */
export function renderHtmlReport(
  result: SmokeResult,
  title = 'smoke-repair smoke report',
  options: HtmlReportOptions = {},
): string {
  const pct = (result.passRate * 100).toFixed(1);
  const serverErrors = result.violations.filter((v) => v.kind === 'server_error').length;
  const groups = groupViolations(result.violations);
  const kinds = [...new Set(result.violations.map((v) => v.kind))];
  const methods = [...new Set(result.scenarios.map((s) => s.method))].sort();
  const firstOf = new Map<string, ScenarioResult>();
  for (const s of result.scenarios) if (!firstOf.has(s.endpoint)) firstOf.set(s.endpoint, s);
  const rows = result.endpoints
    .map((e) => {
      const first = firstOf.get(e.endpoint);
      const [method = '', path = ''] = e.endpoint.split(/\s+/, 2);
      const cells = [
        `<td><code>${esc(e.endpoint)}</code></td>`,
        `<td class="${e.status}"><span class="badge">${e.status}</span></td>`,
        `<td>${e.passed}/${e.scenarios}</td>`,
        `<td>${first?.expectedStatus ?? '–'}</td>`,
        `<td>${first?.actualStatus ?? '–'}</td>`,
        `<td>${first ? `${Math.round(first.durationMs)} ms` : ''}</td>`,
      ];
      return `<tr data-method="${esc(method)}" data-path="${esc(path)}">${cells.join('')}</tr>`;
    })
    .join('\n');
  const glance = groups
    .slice(0, 10)
    .map((g, i) => {
      const key = g.key.length > 120 ? `${g.key.slice(0, 117)}…` : g.key;
      const endpoints = `${esc(g.endpoints.slice(0, 3).join(', '))}${g.endpoints.length > 3 ? ' …' : ''}`;
      return (
        `<li><a href="#rc-${i + 1}"><b>${g.violations.length}×</b> <code>${esc(key)}</code></a> ` +
        `<span class="meta">— ${endpoints}</span></li>`
      );
    })
    .join('\n');
  const kindOptions = kinds.map((k) => `<option>${esc(k)}</option>`).join('');
  const methodOptions = methods.map((m) => `<option>${esc(m)}</option>`).join('');
  const filters = `<div class="filters" role="search">\
<label>kind <select id="f-kind"><option value="">all</option>${kindOptions}</select></label>
<label>method <select id="f-method"><option value="">all</option>${methodOptions}</select></label>
<label>path <input id="f-path" type="search" placeholder="/products"></label> \
<span class="meta" id="f-shown"></span></div>`;
  const seedNote = result.seed !== undefined ? ` · seed <code>${esc(result.seed)}</code>` : '';
  const serverLogNote = result.serverLogPath ? ` · server log <code>${esc(result.serverLogPath)}</code>` : '';
  const crashCount = result.crashes?.length ?? 0;
  const crashFigure =
    crashCount > 0
      ? `<div class="figure"><b class="failed">${crashCount}</b>app crash${crashCount === 1 ? '' : 'es'} ` +
        `(${result.appRestarts ?? 0} restart${result.appRestarts === 1 ? '' : 's'})</div>\n`
      : '';
  const moreCauses = groups.length > 10 ? `<p class="meta">… ${groups.length - 10} more root causes below</p>` : '';
  const glanceList = glance ? `<ol class="glance">\n${glance}\n</ol>${moreCauses}\n` : '';
  const loopSection = options.loopSection ? `<h2>Repair loop</h2>\n${options.loopSection}\n` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${SMOKE_CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(result.target)} · ${esc(result.startedAt)} · ${(result.durationMs / 1000).toFixed(1)} s\
${seedNote}${serverLogNote}</p>
<div class="figures">
${passRateBar(result.passRate)}
<div class="figure"><b>${pct}%</b>pass rate (${result.endpointsPassed}/${result.endpointsTested} endpoints)</div>
<div class="figure"><b>${result.scenariosPassed}/${result.scenariosTested}</b>scenarios passed</div>
<div class="figure"><b class="failed">${result.violations.length}</b>failures</div>
<div class="figure"><b class="failed">${groups.length}</b>root cause${groups.length === 1 ? '' : 's'}</div>
<div class="figure"><b class="failed">${serverErrors}</b>5xx</div>
<div class="figure"><b class="blocked">${result.blocked}</b>blocked</div>
${crashFigure}</div>
<nav class="toc meta"><a href="#failures">failures</a><a href="#blocked">blocked</a>\
<a href="#endpoints">endpoints</a></nav>
${glanceList}${loopSection}\
<h2 id="failures">Failures by root cause (${result.violations.length} in ${groups.length})</h2>
${groups.length > 0 ? `${filters}\n${renderFailureGroups(groups, options.maxInstancesPerGroup ?? 5)}` : '<p>None.</p>'}
<h2 id="blocked">Blocked (${result.blocked})</h2>
${renderBlocked(result.scenarios.filter((s) => s.status === 'blocked'))}
<h2 id="endpoints">Endpoints (${result.endpoints.length})</h2>
<table><thead>\
<tr><th>endpoint</th><th>result</th><th>passed</th><th>expected</th><th>actual</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
${groups.length > 0 ? `<script>${SMOKE_SCRIPT}</script>\n` : ''}</body></html>
`;
}

// Blocked scenarios by what blocked them (one line per prerequisite), the first ones listed.
function renderBlocked(blocked: readonly ScenarioResult[]): string {
  if (blocked.length === 0) return '<p>None.</p>';
  const byCause = new Map<string, ScenarioResult[]>();
  for (const s of blocked) {
    const cause = s.blockedBy.join(', ') || 'a prerequisite';
    byCause.set(cause, [...(byCause.get(cause) ?? []), s]);
  }
  const items = [...byCause].map(([cause, list]) => {
    const shown = list.slice(0, BLOCKED_SHOWN);
    const note = list[0]!.notes[0];
    const noteHtml = note ? ` <span class="meta">(${esc(note)})</span>` : '';
    const ids = shown.map((s) => `<code>${esc(s.id)}</code>`).join(', ');
    const more = list.length > shown.length ? ` … and ${list.length - shown.length} more` : '';
    return `<li><b>${list.length}×</b> blocked by <code>${esc(cause)}</code>${noteHtml}: ${ids}${more}</li>`;
  });
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

function passRateBar(rate: number): string {
  const width = 320;
  const filled = Math.round(width * Math.min(1, Math.max(0, rate)));
  const color = rate >= 0.8 ? '#1a7f37' : rate >= 0.5 ? '#bf8700' : '#cf222e';
  return (
    `<svg role="img" aria-label="pass rate ${(rate * 100).toFixed(1)}%" width="${width}" height="28" ` +
    `viewBox="0 0 ${width} 28" xmlns="http://www.w3.org/2000/svg">` +
    `<rect width="${width}" height="28" rx="6" fill="#eaeef2"/>` +
    `<rect width="${filled}" height="28" rx="6" fill="${color}"/>` +
    `<line x1="${width * 0.8}" x2="${width * 0.8}" y1="0" y2="28" stroke="#1f2328" stroke-dasharray="3 2"/>` +
    `<text x="${width * 0.8 + 4}" y="18" font-size="11" fill="#1f2328">80%</text></svg>`
  );
}
