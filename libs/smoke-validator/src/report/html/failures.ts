/**
 * The failures of smoke.html, one card per root cause: count, signature, endpoints, the first
 * example's trace and curl with copy buttons, then up to `maxInstances` instances (each
 * expandable) and one line for the rest — the full list is in smoke.json and smoke.xml.
 */
import type { Violation } from '../../smoke-result.js';
import type { ViolationGroup } from '../group-violations.js';
import { anchor, esc } from './escape.js';
import { renderTrace } from './trace.js';

/** The cards of every group, in the given order. */
export function renderFailureGroups(groups: readonly ViolationGroup[], maxInstances: number): string {
  return groups.map((group, index) => renderGroup(group, index, maxInstances)).join('\n');
}

function renderGroup(group: ViolationGroup, index: number, maxInstances: number): string {
  const id = `rc-${index + 1}`;
  const first = group.violations[0]!;
  const n = group.violations.length;
  const methods = [...new Set(group.violations.map((v) => v.method))];
  const paths = group.endpoints.map((e) => e.replace(/^\S+\s+/, ''));
  const trace = first.traces[0];
  const culprit = first.signature.file
    ? `${first.signature.file}${first.signature.line !== undefined ? `:${first.signature.line}` : ''}`
    : null;
  const shown = group.violations.slice(0, maxInstances);
  const rest = n - shown.length;
  const kinds = esc(group.kinds.join(' '));
  const data = `data-kinds="${kinds}" data-methods="${esc(methods.join(' '))}" data-paths="${esc(paths.join(' '))}"`;
  const endpoints = group.endpoints.map((e) => `<code>${esc(e)}</code>`).join(', ');
  const culpritNote = culprit ? ` · culprit <code>${esc(culprit)}</code>` : '';
  const copyCurl = `<button class="copy" type="button" data-copy="${id}-curl">copy curl</button>`;
  const copyTrace = trace ? `<button class="copy" type="button" data-copy="${id}-trace">copy trace</button>` : '';
  const traceHtml = trace
    ? renderTrace(trace, `${id}-trace`)
    : '<p class="meta">no server trace attributed to this request</p>';
  const otherTraces = first.traces.length - 1;
  const moreTraces =
    otherTraces > 0
      ? `\n<p class="meta">${otherTraces} more trace${otherTraces === 1 ? '' : 's'} for this request in smoke.json</p>`
      : '';
  const summary = n === 1 ? 'the request' : `instances (${n}${rest > 0 ? `, first ${shown.length} shown` : ''})`;
  const moreInstances =
    rest > 0
      ? `<p class="more">… and ${rest} more instance${rest === 1 ? '' : 's'} of this root cause ` +
        `(${esc(moreEndpoints(group.violations.slice(shown.length)))}); every one is in smoke.json and smoke.xml</p>`
      : '';
  return `<section class="group" id="${id}" ${data}>
<h3><span class="count">${n}×</span> ${kindBadge(group.kind)} <code>${esc(headline(group.key))}</code></h3>
<p class="meta">${endpoints}${culpritNote} · signature <code>${esc(group.hash)}</code></p>
<p>${esc(first.message)}</p>
<div class="tools">${copyCurl}${copyTrace}</div>
<pre id="${id}-curl">${esc(first.reproduce)}</pre>
${traceHtml}${moreTraces}
<details${n <= 3 ? ' open' : ''}><summary>${summary}</summary>
${shown.map((v, i) => renderInstance(v, `${id}-${i + 1}`)).join('\n')}
${moreInstances}</details>
</section>`;
}

function renderInstance(v: Violation, id: string): string {
  const key = v.scenarioId ?? v.nodeid ?? v.endpoint;
  const dataPath = esc(`${v.endpoint.replace(/^\S+\s+/, '')} ${v.path}`);
  const attributes = `id="${esc(anchor(`v-${key}`))}" data-method="${esc(v.method)}" data-path="${dataPath}"`;
  const request = `<code>${esc(v.method)} ${esc(v.path)}</code>`;
  const status = `${v.actualStatus ?? 'no response'} (expected ${v.expectedStatus ?? 'success'})`;
  const requestId = v.requestId ? ` · <span class="meta">request id <code>${esc(v.requestId)}</code></span>` : '';
  const copyCurl = `<button class="copy" type="button" data-copy="${id}-curl">copy curl</button>`;
  return `<details class="inst" ${attributes}><summary>${request} → ${status}${requestId}</summary>
<p class="meta">scenario <code>${esc(key)}</code> · ${esc(v.message)}</p>
<p><b>Response excerpt</b></p><pre>${esc(v.responseExcerpt || '(empty)')}</pre>
<div class="tools"><b>Reproduce</b> ${copyCurl}</div><pre id="${id}-curl">${esc(v.reproduce)}</pre></details>`;
}

function kindBadge(kind: Violation['kind']): string {
  return kind === 'crash'
    ? '<span class="badge crash">crashed the app</span>'
    : `<span class="badge failed">${esc(kind.replace('_', ' '))}</span>`;
}

// The signature key up to its message: the message is on its own line below.
function headline(key: string): string {
  return key.length > 160 ? `${key.slice(0, 157)}…` : key;
}

function moreEndpoints(rest: readonly Violation[]): string {
  const counts = new Map<string, number>();
  for (const v of rest) counts.set(v.endpoint, (counts.get(v.endpoint) ?? 0) + 1);
  const list = [...counts].map(([e, c]) => `${c}× ${e}`);
  return list.length > 5 ? `${list.slice(0, 5).join(', ')}, …` : list.join(', ');
}
