import { relative } from 'node:path';
import {
  groupViolations,
  MAX_JUNIT_CASES,
  type Crash,
  type ScenarioResult,
  type SmokeReportPaths,
  type SmokeResult,
  type Violation,
  type ViolationGroup,
} from '@smoke-repair/smoke-validator';

/** One terminal line per crash (never one per scenario it took down); `times`: deaths it caused. */
export function crashLine(crash: Crash, times = 1): string {
  const how = crash.signal ? `signal ${crash.signal}` : `exit code ${crash.exitCode}`;
  const where = crash.scenarioId ? `under ${crash.scenarioId}` : 'between requests';
  return (
    `app crashed ${where} ` +
    `(${how}${times > 1 ? `, ${times} times` : ''})${crash.signature ? `: ${crash.signature}` : ''} ` +
    `— ${crash.restarted ? 'restarted' : 'not restarted'}`
  );
}

/**
 * The lines of a run's crashes: one per culprit and signature (a request rerun alone that kills
 * the app again is the same crash), counting its deaths; the last death says whether it came back.
 */
export function crashLines(crashes: readonly Crash[]): string[] {
  const groups = new Map<string, { last: Crash; times: number }>();
  for (const crash of crashes) {
    const key =
      crash.scenarioId === null
        ? `#${groups.size}`
        : `${crash.scenarioId}\0${crash.signature ?? ''}\0${crash.exitCode}\0${crash.signal}`;
    const group = groups.get(key);
    groups.set(key, { last: crash, times: (group?.times ?? 0) + 1 });
  }
  return [...groups.values()].map((g) => crashLine(g.last, g.times));
}

/** Root causes printed before "… N more" (smoke.html has every one). */
const GROUPS_SHOWN = 15;
/** Endpoints named per root cause before "…". */
const ENDPOINTS_SHOWN = 3;

/**
 * Human summary of `smoke`: pass rate, 5xx count, the failures grouped by root cause — count,
 * signature, endpoints, the curl of the first example — and the blocked scenarios grouped by what
 * blocked them. A screenful whatever the number of scenarios: one block per root cause, never a
 * line per scenario.
 */
export function renderSmokeSummary(result: SmokeResult, reports: SmokeReportPaths | null, cwd: string): string {
  const pct = `${(result.passRate * 100).toFixed(1)}%`;
  const serverErrors = result.violations.filter((v) => v.kind === 'server_error').length;
  const lines = [
    `smoke ${result.target} — ${result.scenariosTested} scenarios in ${(result.durationMs / 1000).toFixed(1)} s`,
    '',
    `  pass rate  ${pct}  (${result.endpointsPassed}/${result.endpointsTested} ` +
      `endpoints, ${result.scenariosPassed}/${result.scenariosTested} scenarios)`,
    `  5xx        ${serverErrors}`,
    `  blocked    ${result.blocked}`,
    ...(result.crashes?.length
      ? [
          `  crashes    ${result.crashes.length}  (${result.appRestarts ?? 0} ` +
            `restart${result.appRestarts === 1 ? '' : 's'})`,
        ]
      : []),
    ...(result.seed !== undefined
      ? [`  seed       ${result.seed}  (--seed ${result.seed} sends the same requests again)`]
      : []),
    ...(result.testCasesDropped
      ? [
          `  not read   ${result.testCasesDropped} test cases past the first ${MAX_JUNIT_CASES} of the JUnit report ` +
            `(run fewer tests to see them)`,
        ]
      : []),
    '',
  ];
  if (result.violations.length > 0)
    lines.push(...failureLines(groupViolations(result.violations), result.violations.length), '');
  const blocked = result.scenarios.filter((s) => s.status === 'blocked');
  if (blocked.length > 0) lines.push(...blockedLines(blocked), '');
  if (reports)
    lines.push(`reports: ${[reports.junit, reports.html, reports.json].map((p) => relative(cwd, p) || p).join(', ')}`);
  if (result.serverLogPath) lines.push(`server log: ${result.serverLogPath}`);
  return `${lines.join('\n')}\n`;
}

/**
 * One block per root cause: `12× TypeError@app/x.py:31 — POST /products, …`, its message and signature, the first
 * example's curl.
 */
function failureLines(groups: readonly ViolationGroup[], total: number): string[] {
  const lines = [
    `${total} failure${total === 1 ? '' : 's'}, ${groups.length} root cause${groups.length === 1 ? '' : 's'}:`,
  ];
  const width = String(groups[0]?.violations.length ?? 1).length + 1;
  for (const group of groups.slice(0, GROUPS_SHOWN)) {
    const first = group.violations[0]!;
    const { head, rest } = splitKey(first.signature);
    const hidden = group.endpoints.length - ENDPOINTS_SHOWN;
    const endpoints = `${group.endpoints.slice(0, ENDPOINTS_SHOWN).join(', ')}${hidden > 0 ? ` … (+${hidden})` : ''}`;
    const kind = group.kinds.includes('crash') ? ' [crashed the app]' : '';
    const pad = ' '.repeat(width + 3);
    lines.push(`  ${`${group.violations.length}×`.padStart(width)} ${head}${kind} — ${endpoints}`);
    lines.push(`${pad}${rest ? `${rest}  ` : ''}[${group.hash}]`);
    lines.push(`${pad}${first.reproduce}`);
  }
  if (groups.length > GROUPS_SHOWN) {
    const more = groups.slice(GROUPS_SHOWN);
    lines.push(
      `  … ${more.length} more root causes (${more.reduce((n, g) => n + g.violations.length, 0)} failures): see ` +
        `smoke.html`,
    );
  }
  return lines;
}

// `TypeError@app/x.py:31` and `create: message`; a synthetic key (no culprit) stays whole.
function splitKey(signature: Violation['signature']): { head: string; rest: string } {
  if (!signature.file) return { head: signature.key, rest: '' };
  const line = signature.line !== undefined ? `:${signature.line}` : '';
  const head = `${signature.exceptionType}@${signature.file}${line}`;
  return signature.key.startsWith(head)
    ? { head, rest: signature.key.slice(head.length).trim() }
    : { head: signature.key, rest: '' };
}

// Blocked scenarios by what blocked them: one line per prerequisite, a few ids each.
function blockedLines(blocked: readonly ScenarioResult[]): string[] {
  const byCause = new Map<string, string[]>();
  for (const s of blocked) {
    const cause = s.blockedBy.join(', ') || 'a prerequisite';
    byCause.set(cause, [...(byCause.get(cause) ?? []), s.id]);
  }
  const causes = [...byCause].sort((a, b) => b[1].length - a[1].length);
  const lines = [`blocked (${blocked.length}):`];
  for (const [cause, ids] of causes.slice(0, GROUPS_SHOWN)) {
    lines.push(
      `  ${`${ids.length}×`.padStart(5)} ← ${cause}: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ' …' : ''}`,
    );
  }
  if (causes.length > GROUPS_SHOWN)
    lines.push(`  … ${causes.length - GROUPS_SHOWN} more prerequisites: see smoke.html`);
  return lines;
}
