/**
 * `smoke.xml`: JUnit XML for CI. One testcase per scenario (classname = endpoint); a failure
 * carries the violation's message, kind, status, excerpt, traces and curl command; a blocked
 * scenario is `skipped` with the reason.
 */
import type { SmokeResult } from '../smoke-result.js';
import { formatTrace } from './format-trace.js';

/** The JUnit XML text of a result. */
export function renderJunitReport(result: SmokeResult, suiteName = 'smoke-repair smoke'): string {
  const failed = result.scenarios.filter((s) => s.status === 'failed').length;
  const violationsById = new Map(result.violations.map((v) => [v.scenarioId ?? v.nodeid ?? '', v]));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(suiteName)}" tests="${result.scenarios.length}" failures="${failed}" errors="0" ` +
      `skipped="${result.blocked}" time="${secs(result.durationMs)}">`,
    `  <testsuite name="${attr(suiteName)}" tests="${result.scenarios.length}" failures="${failed}" errors="0" ` +
      `skipped="${result.blocked}" time="${secs(result.durationMs)}" timestamp="${attr(result.startedAt)}">`,
    '    <properties>',
    `      <property name="target" value="${attr(result.target)}"/>`,
    ...(result.seed !== undefined ? [`      <property name="seed" value="${attr(result.seed)}"/>`] : []),
    `      <property name="passRate" value="${result.passRate.toFixed(4)}"/>`,
    `      <property name="endpointsPassed" value="${result.endpointsPassed}"/>`,
    `      <property name="endpointsTested" value="${result.endpointsTested}"/>`,
    ...(result.serverLogPath ? [`      <property name="serverLogPath" value="${attr(result.serverLogPath)}"/>`] : []),
    ...(result.crashes
      ? [
          `      <property name="appCrashes" value="${result.crashes.length}"/>`,
          `      <property name="appRestarts" value="${result.appRestarts ?? 0}"/>`,
        ]
      : []),
    '    </properties>',
  ];
  for (const s of result.scenarios) {
    const open = `    <testcase classname="${attr(s.endpoint)}" name="${attr(s.id)}" time="${secs(s.durationMs)}"`;
    if (s.status === 'passed') {
      out.push(`${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    if (s.status === 'blocked') {
      out.push(
        `      <skipped ` +
          `message=` +
          `"${attr(
            `blocked ` + `by ${s.blockedBy.join(', ') || 'a prerequisite'}${s.notes[0] ? `: ${s.notes[0]}` : ''}`,
          )}"/>`,
      );
    } else {
      const v = violationsById.get(s.id);
      const body = v
        ? [
            `${v.method} ${v.path} → ${v.actualStatus ?? 'no response'} (expected ${v.expectedStatus ?? 'success'})`,
            `kind: ${v.kind}`,
            `request id: ${v.requestId ?? '-'}`,
            `signature: ${v.signature.key} [${v.signature.hash}]`,
            '',
            'response excerpt:',
            v.responseExcerpt || '(empty)',
            ...v.traces.flatMap((t) => ['', formatTrace(t)]),
            '',
            `reproduce: ${v.reproduce}`,
          ].join('\n')
        : s.notes.join('\n');
      out.push(
        `      <failure message="${attr(v?.message ?? 'failed')}" ` +
          `type="${attr(v?.kind ?? 'failure')}">${text(body)}</failure>`,
      );
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
// eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
