import type { LoopEvent, LoopResult } from '@smoke-repair/loop-controller';
import { crashLines } from './smoke-summary.js';

const pct = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** One live progress line (or two) per loop event. */
export function renderLoopEvent(event: LoopEvent, plain: boolean): string {
  const mark = (ok: boolean) =>
    plain ? (ok ? '[ok]' : '[!!]') : ok ? '\u001b[32m✔\u001b[0m' : '\u001b[31m✘\u001b[0m';
  switch (event.type) {
    case 'baseline':
      return (
        `baseline   pass rate ${pct(event.smoke.passRate)} ` +
        `(${event.smoke.endpointsPassed}/${event.smoke.endpointsTested} endpoints), ${event.smoke.serverErrors} ` +
        `server errors, ${event.smoke.blocked} blocked\n`
      );
    case 'trigger':
      return `trigger    ${event.triggered ? 'repair triggered' : 'no repair'}: ${event.reason}\n`;
    case 'iteration-start':
      return `iteration ${event.iteration}  (${Math.round(event.timeLeftMs / 1000)} s left)\n`;
    case 'repair':
      return `  repair   ${event.rootCauses} root causes → ${event.patches} \
patches${event.rejected ? `, ${event.rejected} rejected` : ''}\n${repairDetail(event.detail)
        .map((d) => `           ${d}\n`)
        .join('')}`;
    case 'patch-applied':
      return `  ${mark(true)} applied ${event.patchId}: ${event.summary}\n`;
    case 'restart':
      return `  ${mark(event.ok)} restart ${event.detail}\n`;
    case 'smoke':
      return `  ${event.lane ? `lane ${event.lane}: ` : ''}smoke${event.rerun ? ' (rerun)' : ''}  pass \
rate ${pct(event.smoke.passRate)}, ${event.smoke.serverErrors} server errors, ${event.smoke.violations} \
violations\n${crashLines(event.crashes ?? [])
        .map((line) => `  ${mark(false)} ${line}\n`)
        .join('')}`;
    case 'verdict':
      return `  ${mark(event.kept)} ${event.kept ? 'kept' : 'not kept'}: ${event.detail}\n`;
    case 'rollback':
      return `  ${mark(false)} rolled back ${event.patches.join(', ') || 'nothing'}: ${event.detail}\n`;
    case 'learning':
      return `  learning ${event.detail}\n`;
    case 'stop':
      return `stop       ${event.outcome}: ${event.reason}\n`;
    case 'warning':
      return `warning    ${event.detail}\n`;
  }
}

// A strategy that had nothing for a root cause is one count, not a line per root cause and
// strategy (35 root causes × 3 strategies was a hundred lines); what was proposed stays a line each.
function repairDetail(detail: readonly string[]): string[] {
  const none = detail.filter((d) => d.startsWith('no_proposal '));
  if (none.length <= 3) return [...detail];
  const strategies = [...new Set(none.map((d) => d.split(/[\s:]/)[1]))];
  const causes = new Set(none.map((d) => d.replace(/^.*?: no fix for /, '')));
  return [
    ...detail.filter((d) => !d.startsWith('no_proposal ')),
    `no proposal from ${strategies.join(', ')} for ${causes.size} root cause${causes.size === 1 ? '' : 's'} ` +
      `(${none.length} tries)`,
  ];
}

/** The seed's table, before and after. */
export function renderLoopTable(result: LoopResult): string {
  const rows: [string, string, string][] = [
    ['Smoke pass rate', pct(result.initial.passRate), pct(result.final.passRate)],
    ['5xx errors', String(result.initial.serverErrors), String(result.final.serverErrors)],
    ['Repair triggered', '-', result.iterations.length > 0 ? 'yes' : 'no'],
    ['Fixes applied', '0', String(result.fixesApplied)],
    ['Files fixed', '0', String(result.filesFixed)],
    ['Patterns promoted', '0', String(result.patternsPromoted)],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const lines = [
    '',
    `| ${'Metric'.padEnd(width)} | Before  | After   |`,
    `| ${'-'.repeat(width)} | ------- | ------- |`,
    ...rows.map(([name, before, after]) => `| ${name.padEnd(width)} | ${before.padEnd(7)} | ${after.padEnd(7)} |`),
    '',
    `outcome: ${result.outcome} — ${result.stopReason}${result.stopCause ? ` [${result.stopCause}]` : ''}`,
    ...candidateLines(result),
    `iterations: ${result.iterations.length}, artifacts: ${result.artifactsDir} (loop.html; smoke reports in ` +
      `baseline/ and final/)${result.patchFile ? `, accepted changes: ${result.patchFile}` : ''}`,
    ...(result.branch
      ? [`accepted changes committed on branch ${result.branch} (HEAD, index and stash untouched)`]
      : []),
    ...(result.applied?.to === 'tree' && result.applied.files.length > 0
      ? [`written to your files: ${result.applied.files.join(', ')}`]
      : []),
    ...(result.applied?.to === 'none' && result.patchFile
      ? [`your files were not changed; apply the accepted changes with: git apply ${result.patchFile}`]
      : []),
    ...(result.applied && result.applied.conflicts.length > 0
      ? [`not written (you changed them during the run): ${result.applied.conflicts.join(', ')}`]
      : []),
    ...(result.sandbox?.kept ? [`sandbox kept: ${result.sandbox.path}`] : []),
    ...(result.escalation
      ? [`escalation bundle: ${result.artifactsDir}/escalation.json (reason: ${result.escalation.reason})`]
      : []),
    '',
  ];
  return lines.join('\n');
}

// One line per root cause the loop tried candidates for: how many, and what became of them; the
// root causes without a recorded candidate are one count.
function candidateLines(result: LoopResult): string[] {
  const causes = result.rootCauses ?? [];
  if (causes.length === 0) return [];
  const tried = causes.filter((cause) => cause.candidates.length > 0);
  const none = causes.length - tried.length;
  return [
    `candidates per root cause (${causes.length}):`,
    ...tried.map((cause) => {
      const verdicts = cause.candidates.map(
        (c) => `${c.recipeId ?? c.strategy} ${c.verdict}${c.rule ? ` (${c.rule})` : ''}`,
      );
      return `  ${cause.signature}: ${verdicts.join(', ')}`;
    }),
    ...(none > 0
      ? [`  ${none} root cause${none === 1 ? '' : 's'} without a recorded candidate (loop.html lists them)`]
      : []),
  ];
}
