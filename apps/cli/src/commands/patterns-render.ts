import type {
  ContextStats,
  FixPattern,
  ImportResult,
  PatternDetails,
  PatternStoreStats,
} from '@smoke-repair/pattern-store';

const pct = (rate: number) => `${(rate * 100).toFixed(0)}%`;

/** `patterns list`: one row per pattern (id, status, success rate, trials, signature class). */
export function renderPatternTable(patterns: readonly FixPattern[], storeUri: string): string {
  if (patterns.length === 0) return `No patterns in ${storeUri}.\n`;
  const header = ['ID', 'STATUS', 'SUCCESS', 'TRIALS', 'LANGUAGE', 'SIGNATURE CLASS'];
  const rows = patterns.map((p) => [
    p.id,
    p.status,
    pct(p.successRate),
    `${p.successes}/${p.trials}`,
    p.language,
    p.signatureClass,
  ]);
  return `${table(header, rows)}${patterns.length} pattern${patterns.length === 1 ? '' : 's'} in ${storeUri}\n`;
}

/** `patterns show`: the pattern, its template and where it was tried. */
export function renderPatternDetails(details: PatternDetails): string {
  const p = details.pattern;
  const lines = [
    `${p.id}  ${p.status}${p.statusReason ? ` (${p.statusReason})` : ''}`,
    `  signature class  ${p.signatureClass}`,
    `  language         ${p.language}`,
    ...(p.description ? [`  description      ${p.description}`] : []),
    `  success rate     ${pct(p.successRate)} (${p.successes} fixed, ${p.failures} failed of which ${p.regressions} ` +
      `regressed; ${p.attempts} attempts)`,
    `  created          ${p.createdAt}`,
    `  last used        ${p.lastUsedAt}`,
    ...(p.statusChangedAt ? [`  status changed   ${p.statusChangedAt}`] : []),
    '  template',
    ...JSON.stringify(p.template, null, 2)
      .split('\n')
      .map((line) => `    ${line}`),
  ];
  const section = (title: string, stats: readonly ContextStats[]) =>
    stats.length === 0
      ? []
      : [
          '',
          `  ${title}`,
          ...table(
            ['KEY', 'FIXED', 'FAILED', 'ATTEMPTS'],
            stats.map((s) => [s.key, String(s.successes), String(s.failures), String(s.attempts)]),
          )
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        ];
  const all = [
    ...lines,
    ...section('endpoints', details.endpoints),
    ...section('apps', details.apps),
    ...section('signatures', details.signatures),
  ];
  return `${all.join('\n')}\n`;
}

/** `patterns stats`. */
export function renderPatternStats(stats: PatternStoreStats, storeUri: string): string {
  return [
    `${storeUri}`,
    `  patterns     ${stats.patterns} (${stats.byStatus.promoted} promoted, ${stats.byStatus.candidate} ` +
      `candidate, ${stats.byStatus.retired} retired)`,
    `  attempts     ${stats.attempts} (${stats.outcomes.fixed} fixed, ${stats.outcomes.not_fixed} not ` +
      `fixed, ${stats.outcomes.regressed} regressed, ${stats.pending} pending)`,
    `  signatures   ${stats.signatures}`,
    `  apps         ${stats.apps}`,
    `  endpoints    ${stats.endpointShapes} shapes`,
    '',
  ].join('\n');
}

/** `patterns import` / `sync`: what was applied. */
export function renderImportResult(result: ImportResult, what: string): string {
  return (
    `${what}: ${result.applied} event${result.applied === 1 ? '' : 's'} applied, ${result.duplicates} ` +
    `duplicate${result.duplicates === 1 ? '' : 's'}\n`
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
