import type { IterationRecord, LoopResult } from '../loop/loop-result.js';
import { pct } from './html-text.js';

/** A text escaper (escapes and redacts). */
export type Text = (value: string) => string;

/** One rollback as the loop reported it. */
export interface RollbackRecord {
  readonly iteration: number;
  readonly patches: readonly string[];
  readonly detail: string;
}

/** The iterations table. */
export function iterationsTable(result: LoopResult): string {
  if (result.iterations.length === 0) return '<p>No iterations: repair was not needed or not triggered.</p>';
  const row = (it: IterationRecord) => {
    const verdict = it.kept ? 'kept' : it.smoke ? 'rolled back' : 'no patch';
    const cells = [
      `<td>${it.iteration}</td><td>${it.rootCauses}</td><td>${it.patches.length}</td><td>${it.rejected.length}</td>`,
      `<td>${it.smoke ? pct(it.smoke.passRate) : '–'}</td>`,
      `<td>${it.smoke ? `${it.smoke.scenariosPassed}/${it.smoke.scenariosTested}` : '–'}</td>`,
      `<td>${it.smoke?.serverErrors ?? '–'}</td>`,
      `<td class="${it.kept ? 'passed' : 'failed'}"><span class="badge">${verdict}</span></td>`,
      `<td>${it.flaky.length}</td><td>${(it.durationMs / 1000).toFixed(1)} s</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  };
  const initial = result.initial;
  return `<table><thead><tr><th>#</th><th>root causes</th><th>patches</th><th>rejected</th><th>pass rate</th>\
<th>scenarios</th><th>5xx</th><th>verdict</th><th>flaky</th><th>time</th></tr></thead><tbody>
<tr><td>baseline</td><td></td><td></td><td></td><td>${pct(initial.passRate)}</td>\
<td>${initial.scenariosPassed}/${initial.scenariosTested}</td><td>${initial.serverErrors}</td>\
<td></td><td></td><td></td></tr>
${result.iterations.map(row).join('\n')}
</tbody></table>`;
}

/** Every patch, per iteration, with its outcome and its diff (coloured by line, escaped). */
export function patchesSection(result: LoopResult, diffs: ReadonlyMap<string, string>, t: Text): string {
  const blocks = result.iterations.flatMap((it) =>
    it.patches.map((p) => {
      const diff = diffs.get(p.id);
      const cls = p.outcome === 'fixed' ? 'passed' : p.outcome === 'not_fixed' ? 'blocked' : 'failed';
      const id = t(p.id);
      const outcome = `<span class="${cls} badge">${t(p.outcome.replace('_', ' '))}</span>`;
      const summary =
        `iteration ${it.iteration} · <code>${id}</code> · ${outcome} · ${t(p.strategy)} ` + `— ${t(p.summary)}`;
      const files = p.files.map((f) => `<code>${t(f)}</code>`).join(', ');
      const signature = `signature <code>${t(p.signature)}</code>`;
      const pattern = p.patternId ? ` · pattern <code>${t(p.patternId)}</code>` : '';
      return `<details open id="patch-${id}"><summary>${summary}</summary>
<p class="meta">files ${files} · ${p.changedLines} changed lines · ${signature}${pattern}</p>
${diff ? diffHtml(diff, t) : '<p class="meta">diff not recorded</p>'}</details>`;
    }),
  );
  return blocks.length > 0 ? blocks.join('\n') : '<p>No patches.</p>';
}

/** A unified diff as a `<pre>` with one span per line. */
function diffHtml(diff: string, t: Text): string {
  const lines = diff.replace(/\n$/, '').split('\n');
  const cls = (line: string) =>
    line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')
      ? 'dm'
      : line.startsWith('@@')
        ? 'dh'
        : line.startsWith('+')
          ? 'da'
          : line.startsWith('-')
            ? 'dd'
            : '';
  const span = (l: string) => `<span${cls(l) ? ` class="${cls(l)}"` : ''}>${t(l)}</span>`;
  return `<pre class="diff">${lines.map(span).join('\n')}</pre>`;
}

/** The rollbacks: from the loop's events, and every patch recorded as rolled back. */
export function rollbacksSection(result: LoopResult, rollbacks: readonly RollbackRecord[], t: Text): string {
  const link = (id: string) => `<a href="#patch-${t(id)}"><code>${t(id)}</code></a>`;
  const items = rollbacks.map(
    (r) =>
      `<li>iteration ${r.iteration}: ${r.patches.length > 0 ? r.patches.map(link).join(', ') : 'nothing to undo'} ` +
      `— ${t(r.detail)}</li>`,
  );
  const fromRecords = result.iterations.flatMap((it) =>
    it.patches.filter((p) => p.outcome === 'rolled_back').map((p) => p.id),
  );
  if (items.length === 0 && fromRecords.length > 0)
    items.push(`<li>${fromRecords.map((id) => `<code>${t(id)}</code>`).join(', ')}</li>`);
  return items.length > 0 ? `<ul>${items.join('\n')}</ul>` : '<p>None: every applied patch was kept.</p>';
}

/** Proposals the policy or a strategy rejected. */
export function rejectedSection(result: LoopResult, t: Text): string {
  const rows = result.iterations.flatMap((it) =>
    it.rejected.map(
      (r) =>
        `<tr><td>${it.iteration}</td><td>${t(r.strategy)}</td><td><code>${t(r.signature)}</code></td>` +
        `<td>${t(r.reason)}</td></tr>`,
    ),
  );
  const head = '<thead><tr><th>#</th><th>strategy</th><th>signature</th><th>reason</th></tr></thead>';
  return rows.length > 0 ? `<table>${head}<tbody>${rows.join('\n')}</tbody></table>` : '<p>None.</p>';
}

/** Rows of the bundle's failure table and reproduce commands shown; the rest are in escalation.json. */
const BUNDLE_ROWS = 30;

/**
 * The escalation bundle: its reason, its first failures and reproduce commands, and a link to
 * escalation.json beside loop.html (not the whole JSON inline: at 1000 scenarios it was 440 KB of
 * the page).
 */
export function bundleSection(result: LoopResult, t: Text): string {
  const bundle = result.escalation;
  if (!bundle) return '<p>No escalation: the loop ended without giving up.</p>';
  const more = (n: number, what: string) =>
    n > BUNDLE_ROWS
      ? `<p class="meta">… and ${n - BUNDLE_ROWS} more ${what} in <a href="escalation.json">escalation.json</a></p>`
      : '';
  const failures = bundle.failures
    .slice(0, BUNDLE_ROWS)
    .map(
      (f) =>
        `<tr><td><code>${t(f.nodeid)}</code></td><td><code>${t(f.signature)}</code></td><td>${f.attempts}</td></tr>`,
    )
    .join('\n');
  const repro = bundle.repro_commands.slice(0, BUNDLE_ROWS);
  const reason = `<span class="failed">${t(bundle.reason)}</span> — ${t(result.stopReason)}`;
  const head = '<thead><tr><th>failure</th><th>signature</th><th>attempts</th></tr></thead>';
  const table = failures
    ? `<table>${head}<tbody>${failures}</tbody></table>\n${more(bundle.failures.length, 'failures')}`
    : '';
  const reproduce =
    repro.length > 0
      ? `<p><b>Reproduce</b></p><pre>${repro.map(t).join('\n')}</pre>` +
        `\n${more(bundle.repro_commands.length, 'commands')}`
      : '';
  return `<p><b>reason:</b> ${reason} · the whole bundle: <a href="escalation.json">escalation.json</a></p>
${table}
${reproduce}`;
}

/** Per root cause, every candidate tried: its verdict, the rule behind it and why. */
export function candidatesSection(result: LoopResult, t: Text): string {
  const causes = result.rootCauses ?? [];
  if (causes.length === 0) return '<p>No candidate was tried.</p>';
  const cls = (verdict: string) => (verdict === 'accepted' ? 'passed' : verdict === 'untried' ? 'blocked' : 'failed');
  const row = (c: (typeof causes)[number]['candidates'][number]) => {
    const recipe = c.recipeId ? ` <code>${t(c.recipeId)}</code>` : '';
    const cells = [
      `<td>${c.iteration}</td>`,
      `<td><a href="#patch-${t(c.patchId)}"><code>${t(c.patchId)}</code></a>${recipe} ${t(c.summary)}</td>`,
      `<td>${t(c.strategy)}</td>`,
      `<td class="${cls(c.verdict)}"><span class="badge">${t(c.verdict.replace('_', ' '))}</span></td>`,
      `<td>${t(c.rule ?? '')}</td><td>${t(c.reason ?? '')}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  };
  return causes
    .map((cause) => {
      const head = `<code>${t(cause.signature)}</code> · ${cause.endpoints.map((e) => t(e)).join(', ')}`;
      return cause.candidates.length === 0
        ? `<details><summary>${head} · <span class="blocked">no candidate recorded</span></summary></details>`
        : `<details open><summary>${head}</summary>
<table><thead><tr><th>#</th><th>candidate</th><th>strategy</th><th>verdict</th><th>rule</th><th>why</th></tr></thead>\
<tbody>
${cause.candidates.map(row).join('\n')}
</tbody></table></details>`;
    })
    .join('\n');
}
