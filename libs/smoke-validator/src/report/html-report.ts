/**
 * `smoke.html`: a self-contained page (inline CSS and SVG, no scripts or external assets): the
 * pass rate as a bar, a per-endpoint table, every failure with its excerpt, trace and curl
 * command, and the blocked scenarios with what blocked them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SmokeResult } from '../smoke-result.js';
import { formatTrace } from './format-trace.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.meta{color:#59636e}.figures{display:flex;gap:2rem;align-items:center;flex-wrap:wrap;margin:1rem 0}
.figure b{display:block;font-size:1.6rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;border-radius:6px}
.crash{background:#cf222e;color:#fff;border-radius:4px;padding:0 .35rem}.passed{color:#1a7f37}.failed{color:#cf222e}.blocked{color:#9a6700}.badge{font-weight:600;text-transform:uppercase;font-size:.75rem}
details{margin:.8rem 0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem}summary{cursor:pointer;font-weight:600}`;

/** Extra content of the page. */
export interface HtmlReportOptions {
  /**
   * A "Repair loop" section placed after the figures: an HTML fragment rendered (escaped) by
   * the loop controller, inserted as is. Only the loop controller passes one.
   */
  readonly loopSection?: string;
}

/** The HTML text of a result. */
export function renderHtmlReport(result: SmokeResult, title = 'smoke-repair smoke report', options: HtmlReportOptions = {}): string {
  const pct = (result.passRate * 100).toFixed(1);
  const serverErrors = result.violations.filter((v) => v.kind === 'server_error').length;
  const byScenario = new Map(result.scenarios.map((s) => [s.id, s]));
  const rows = result.endpoints
    .map((e) => {
      const first = result.scenarios.find((s) => s.endpoint === e.endpoint);
      return `<tr><td><code>${esc(e.endpoint)}</code></td><td class="${e.status}"><span class="badge">${e.status}</span></td><td>${e.passed}/${e.scenarios}</td><td>${first?.expectedStatus ?? '–'}</td><td>${first?.actualStatus ?? '–'}</td><td>${first ? `${Math.round(first.durationMs)} ms` : ''}</td></tr>`;
    })
    .join('\n');
  const failures = result.violations
    .map((v) => {
      const scenario = byScenario.get(v.scenarioId ?? '');
      const badge = v.kind === 'crash' ? '<span class="badge crash">crashed the app</span>' : `<span class="failed">${esc(v.kind)}</span>`;
      return `<details open id="${esc(anchor(v.scenarioId ?? v.nodeid ?? v.endpoint))}"><summary>${badge} — <code>${esc(v.endpoint)}</code> → ${v.actualStatus ?? 'no response'} (expected ${v.expectedStatus ?? 'success'})</summary>
<p>${esc(v.message)}</p>
<p class="meta">request <code>${esc(v.method)} ${esc(v.path)}</code> · request id <code>${esc(v.requestId ?? '–')}</code> · signature <code>${esc(v.signature.key)}</code> <code>${esc(v.signature.hash)}</code></p>
${v.traces.length > 0 ? v.traces.map((t) => `<pre>${esc(formatTrace(t))}</pre>`).join('\n') : '<p class="meta">no server trace attributed to this request</p>'}
<p><b>Response excerpt</b></p><pre>${esc(v.responseExcerpt || '(empty)')}</pre>
<p><b>Reproduce</b></p><pre>${esc(v.reproduce)}</pre>${scenario?.notes.length ? `<p class="meta">${scenario.notes.map(esc).join('<br>')}</p>` : ''}</details>`;
    })
    .join('\n');
  const blocked = result.scenarios
    .filter((s) => s.status === 'blocked')
    .map((s) => `<li><code>${esc(s.id)}</code> — blocked by ${s.blockedBy.map((b) => `<code>${esc(b)}</code>`).join(', ') || 'a prerequisite'}${s.notes[0] ? ` <span class="meta">(${esc(s.notes[0])})</span>` : ''}</li>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(result.target)} · ${esc(result.startedAt)} · ${(result.durationMs / 1000).toFixed(1)} s${result.seed !== undefined ? ` · seed <code>${esc(result.seed)}</code>` : ''}${result.serverLogPath ? ` · server log <code>${esc(result.serverLogPath)}</code>` : ''}</p>
<div class="figures">
${passRateBar(result.passRate)}
<div class="figure"><b>${pct}%</b>pass rate (${result.endpointsPassed}/${result.endpointsTested} endpoints)</div>
<div class="figure"><b>${result.scenariosPassed}/${result.scenariosTested}</b>scenarios passed</div>
<div class="figure"><b class="failed">${serverErrors}</b>5xx</div>
<div class="figure"><b class="blocked">${result.blocked}</b>blocked</div>
${result.crashes && result.crashes.length > 0 ? `<div class="figure"><b class="failed">${result.crashes.length}</b>app crash${result.crashes.length === 1 ? '' : 'es'} (${result.appRestarts ?? 0} restart${result.appRestarts === 1 ? '' : 's'})</div>\n` : ''}</div>
${options.loopSection ? `<h2>Repair loop</h2>\n${options.loopSection}\n` : ''}<h2>Endpoints</h2>
<table><thead><tr><th>endpoint</th><th>result</th><th>passed</th><th>expected</th><th>actual</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Failures (${result.violations.length})</h2>
${failures || '<p>None.</p>'}
<h2>Blocked (${result.blocked})</h2>
${blocked ? `<ul>${blocked}</ul>` : '<p>None.</p>'}
</body></html>
`;
}

/** Writes the HTML report to `path` (directories created). */
export async function writeHtmlReport(result: SmokeResult, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtmlReport(result), 'utf8');
}

function passRateBar(rate: number): string {
  const width = 320;
  const filled = Math.round(width * Math.min(1, Math.max(0, rate)));
  const color = rate >= 0.8 ? '#1a7f37' : rate >= 0.5 ? '#bf8700' : '#cf222e';
  return `<svg role="img" aria-label="pass rate ${(rate * 100).toFixed(1)}%" width="${width}" height="28" viewBox="0 0 ${width} 28" xmlns="http://www.w3.org/2000/svg"><rect width="${width}" height="28" rx="6" fill="#eaeef2"/><rect width="${filled}" height="28" rx="6" fill="${color}"/><line x1="${width * 0.8}" x2="${width * 0.8}" y1="0" y2="28" stroke="#1f2328" stroke-dasharray="3 2"/><text x="${width * 0.8 + 4}" y="18" font-size="11" fill="#1f2328">80%</text></svg>`;
}

function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, '-');
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
