import { relative } from 'node:path';
import type { Crash, SmokeReportPaths, SmokeResult } from '@smoke-repair/smoke-validator';

/** One terminal line per crash (never one per scenario it took down); `times`: deaths it caused. */
export function crashLine(crash: Crash, times = 1): string {
  const how = crash.signal ? `signal ${crash.signal}` : `exit code ${crash.exitCode}`;
  const where = crash.scenarioId ? `under ${crash.scenarioId}` : 'between requests';
  return `app crashed ${where} (${how}${times > 1 ? `, ${times} times` : ''})${crash.signature ? `: ${crash.signature}` : ''} — ${crash.restarted ? 'restarted' : 'not restarted'}`;
}

/**
 * The lines of a run's crashes: one per culprit and signature (a request rerun alone that kills
 * the app again is the same crash), counting its deaths; the last death says whether it came back.
 */
export function crashLines(crashes: readonly Crash[]): string[] {
  const groups = new Map<string, { last: Crash; times: number }>();
  for (const crash of crashes) {
    const key = crash.scenarioId === null ? `#${groups.size}` : `${crash.scenarioId}\0${crash.signature ?? ''}\0${crash.exitCode}\0${crash.signal}`;
    const group = groups.get(key);
    groups.set(key, { last: crash, times: (group?.times ?? 0) + 1 });
  }
  return [...groups.values()].map((g) => crashLine(g.last, g.times));
}

/** Human summary of `smoke`: pass rate, 5xx count, each violation with culprit and signature, blocked list, reports. */
export function renderSmokeSummary(result: SmokeResult, reports: SmokeReportPaths | null, cwd: string): string {
  const pct = `${(result.passRate * 100).toFixed(1)}%`;
  const serverErrors = result.violations.filter((v) => v.kind === 'server_error').length;
  const lines = [
    `smoke ${result.target} — ${result.scenariosTested} scenarios in ${(result.durationMs / 1000).toFixed(1)} s`,
    '',
    `  pass rate  ${pct}  (${result.endpointsPassed}/${result.endpointsTested} endpoints, ${result.scenariosPassed}/${result.scenariosTested} scenarios)`,
    `  5xx        ${serverErrors}`,
    `  blocked    ${result.blocked}`,
    ...(result.crashes?.length ? [`  crashes    ${result.crashes.length}  (${result.appRestarts ?? 0} restart${result.appRestarts === 1 ? '' : 's'})`] : []),
    ...(result.seed !== undefined ? [`  seed       ${result.seed}  (--seed ${result.seed} sends the same requests again)`] : []),
    '',
  ];
  if (result.violations.length > 0) {
    lines.push(`violations (${result.violations.length}):`);
    const width = Math.min(48, Math.max(...result.violations.map((v) => v.endpoint.length)));
    for (const v of result.violations) {
      const status = v.actualStatus === null ? '---' : String(v.actualStatus);
      const culprit = v.signature.file ? `${v.signature.file}${v.signature.line !== undefined ? `:${v.signature.line}` : ''}` : '';
      lines.push(`  ${status}  ${v.endpoint.padEnd(width)}  ${v.kind}${culprit ? `  ${culprit}` : ''}`);
      lines.push(`        ${v.signature.key}  [${v.signature.hash}]`);
    }
    lines.push('');
  }
  const blocked = result.scenarios.filter((s) => s.status === 'blocked');
  if (blocked.length > 0) {
    lines.push(`blocked (${blocked.length}):`);
    for (const s of blocked) lines.push(`  ${s.id}  ← ${s.blockedBy.join(', ') || 'a prerequisite'}`);
    lines.push('');
  }
  if (reports) lines.push(`reports: ${[reports.junit, reports.html, reports.json].map((p) => relative(cwd, p) || p).join(', ')}`);
  if (result.serverLogPath) lines.push(`server log: ${result.serverLogPath}`);
  return `${lines.join('\n')}\n`;
}
