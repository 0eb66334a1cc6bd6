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
  return `<section class="group" id="${id}" data-kinds="${esc(group.kinds.join(' '))}" data-methods="${esc(methods.join(' '))}" data-paths="${esc(paths.join(' '))}">
<h3><span class="count">${n}×</span> ${kindBadge(group.kind)} <code>${esc(headline(group.key))}</code></h3>
<p class="meta">${group.endpoints.map((e) => `<code>${esc(e)}</code>`).join(', ')}${culprit ? ` · culprit <code>${esc(culprit)}</code>` : ''} · signature <code>${esc(group.hash)}</code></p>
<p>${esc(first.message)}</p>
<div class="tools"><button class="copy" type="button" data-copy="${id}-curl">copy curl</button>${trace ? `<button class="copy" type="button" data-copy="${id}-trace">copy trace</button>` : ''}</div>
<pre id="${id}-curl">${esc(first.reproduce)}</pre>
${trace ? renderTrace(trace, `${id}-trace`) : '<p class="meta">no server trace attributed to this request</p>'}${first.traces.length > 1 ? `\n<p class="meta">${first.traces.length - 1} more trace${first.traces.length === 2 ? '' : 's'} for this request in smoke.json</p>` : ''}
<details${n <= 3 ? ' open' : ''}><summary>${n === 1 ? 'the request' : `instances (${n}${rest > 0 ? `, first ${shown.length} shown` : ''})`}</summary>
${shown.map((v, i) => renderInstance(v, `${id}-${i + 1}`)).join('\n')}
${rest > 0 ? `<p class="more">… and ${rest} more instance${rest === 1 ? '' : 's'} of this root cause (${esc(moreEndpoints(group.violations.slice(shown.length)))}); every one is in smoke.json and smoke.xml</p>` : ''}</details>
</section>`;
}

function renderInstance(v: Violation, id: string): string {
  const key = v.scenarioId ?? v.nodeid ?? v.endpoint;
  return `<details class="inst" id="${esc(anchor(`v-${key}`))}" data-method="${esc(v.method)}" data-path="${esc(`${v.endpoint.replace(/^\S+\s+/, '')} ${v.path}`)}"><summary><code>${esc(v.method)} ${esc(v.path)}</code> → ${v.actualStatus ?? 'no response'} (expected ${v.expectedStatus ?? 'success'})${v.requestId ? ` · <span class="meta">request id <code>${esc(v.requestId)}</code></span>` : ''}</summary>
<p class="meta">scenario <code>${esc(key)}</code> · ${esc(v.message)}</p>
<p><b>Response excerpt</b></p><pre>${esc(v.responseExcerpt || '(empty)')}</pre>
<div class="tools"><b>Reproduce</b> <button class="copy" type="button" data-copy="${id}-curl">copy curl</button></div><pre id="${id}-curl">${esc(v.reproduce)}</pre></details>`;
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
