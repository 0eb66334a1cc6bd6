import type { SignatureGroup } from '@smoke-repair/log-parser';

/** Human summary of `parse-logs`: one block per root cause, most frequent first. */
export function renderSignatureGroups(groups: readonly SignatureGroup[], total: number, source: string): string {
  if (total === 0) return `No stack traces found in ${source}.\n`;
  const lines = [
    `${total} stack trace${total === 1 ? '' : 's'} in ${source}, ${groups.length} distinct ` +
      `signature${groups.length === 1 ? '' : 's'}:`,
    '',
  ];
  for (const group of groups) {
    const partial = group.partial > 0 ? ` (${group.partial} cut off)` : '';
    lines.push(`${String(group.count).padStart(5)}×  ${group.key}${partial}`);
    lines.push(`        signature ${group.hash} · ${group.language}`);
    lines.push(`        culprit   ${group.culprits.length > 0 ? group.culprits.join(', ') : '(no in-app frame)'}`);
    const spans = group.spans
      .slice(0, 5)
      .map((s) => (s.startLine === s.endLine ? `${s.startLine}` : `${s.startLine}-${s.endLine}`));
    lines.push(
      `        lines     ${spans.join(', ')}${group.spans.length > 5 ? `, … (${group.spans.length - 5} more)` : ''}`,
    );
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
