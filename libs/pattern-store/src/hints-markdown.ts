import type { PatternHint, PatternHints } from './hints.js';

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * Hints as Markdown a code generator can put in its prompt as is: one short section per lesson
 * (what went wrong, the rule or fix shape, a verified example, the record), best first.
 */
export function renderPatternHintsMarkdown(result: PatternHints): string {
  const head = [
    '# Lessons from verified repairs',
    '',
    result.hints.length === 0
      ? `No learned pattern has ${result.minSuccesses} or more verified fixes at a success rate ` +
        `of ${pct(result.minSuccessRate)} or more yet (store ${result.store}).`
      : 'Bugs that generated apps had and how they were fixed; every fix here was verified against the API contract ' +
        `(at least ${result.minSuccesses} verified fixes, success rate ${pct(result.minSuccessRate)} or more). ` +
        'Avoid these mistakes when writing code.',
  ];
  return `${[...head, ...result.hints.flatMap((hint, i) => section(hint, i + 1))].join('\n')}\n`;
}

function section(hint: PatternHint, n: number): string[] {
  const r = hint.record;
  const lines = ['', `## ${n}. ${hint.language}: ${hint.problem}`, ''];
  if (hint.fix.rule) lines.push(`- Rule: ${hint.fix.rule}.`);
  if (hint.fix.kind === 'edit' && hint.fix.before && hint.fix.after) {
    lines.push(
      "- Fix shape (⟨n⟩ stands for an app's own name):",
      '',
      '  ```diff',
      ...hint.fix.before.map((l) => `  - ${l}`),
      ...hint.fix.after.map((l) => `  + ${l}`),
      '  ```',
      '',
    );
  }
  for (const example of hint.examples) {
    const on = example.endpoint ? ` on ${example.endpoint}` : '';
    lines.push(`- Seen: ${example.error}${on}${example.fix ? ` — fixed by: ${example.fix}` : ''}`);
  }
  lines.push(
    `- Record: ${r.successes} verified fix${r.successes === 1 ? '' : 'es'} of ${r.trials} tried ` +
      `(${pct(r.successRate)}${r.regressions > 0 ? `, ${r.regressions} regressed` : ''}) ` +
      `in ${r.apps} app${r.apps === 1 ? '' : 's'}; ${hint.status}, pattern ${hint.patternId}.`,
  );
  return lines;
}
