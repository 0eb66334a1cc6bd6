import type { ApiModel } from '@smoke-repair/smoke-validator';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';

// `time data '2031-03-05T19:00' does not match format '%Y-%m-%d %H:%M'`.
const MISMATCH = /^time data '([^']*)' does not match format '([^']*)'$/;
// Numeric directives and the digits each reads.
const DIGITS: Readonly<Record<string, [number, number]>> = {
  Y: [4, 4],
  y: [2, 2],
  m: [1, 2],
  d: [1, 2],
  H: [1, 2],
  I: [1, 2],
  M: [1, 2],
  S: [1, 2],
  f: [1, 6],
  j: [1, 3],
};

/**
 * A date-time format whose separators differ from the text it parses (`'%Y-%m-%d %H:%M'` for a
 * documented `2031-03-05T19:00`) raises `ValueError: time data '…' does not match format '…'` →
 * the format with the separators of the text, same directives in the same order
 * (`'%Y-%m-%dT%H:%M'`), written where the format is spelled: the literal on the culprit line, or
 * the one module-level constant that holds it. Only numeric directives; and only when the new
 * format reads a string example the contract documents (the text is the documented format, not
 * a client's typo): no contract, no such example, no candidate.
 */
export const pythonStrptimeFormat: RepairTemplate = {
  id: 'python.strptime-format',
  language: 'python',
  summary: "parse a date-time with the documented text's separators",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['ValueError'], culprit: true },
  async *candidates({ exception, culprit, tree, contract }) {
    const mismatch = exception ? MISMATCH.exec(exception.message.trim()) : null;
    if (!mismatch || !culprit || !contract) return;
    const [, text, format] = mismatch as unknown as [string, string, string];
    const fixed = reformat(text, format);
    if (!fixed || !documentedExamples(contract).some((e) => formatRegex(fixed).test(e))) return;
    const line = splitSource((await tree.read(culprit.file)) ?? '').lines[culprit.line - 1] ?? '';
    const call = /strptime\(\s*[^,]+,\s*(?:(["'])([^"']*)\1|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))\s*\)/.exec(line);
    if (!call) return;
    const site =
      call[2] === format
        ? { file: culprit.file, line: culprit.line }
        : call[3]
          ? await constantSite(tree, call[3].replace(/^.*\./, ''), format)
          : null;
    if (!site) return;
    const source = (await tree.read(site.file))!;
    const { lines, join } = splitSource(source);
    const quoted = lines[site.line - 1]!.replace(
      new RegExp(`(["'])${escape(format)}\\1`),
      (_m, q: string) => `${q}${fixed}${q}`,
    );
    if (quoted === lines[site.line - 1]) return;
    lines[site.line - 1] = quoted;
    await tree.write(site.file, join(lines));
    yield {
      key: 'python.strptime-format#separators',
      summary: `parse with '${fixed}' (the documented text's separators) at ${site.file}:${site.line}`,
      template: { recipe: 'python.strptime-format#separators' },
    };
  },
};

/** The format with the text's separators between the same numeric directives; null when they do not line up. */
export function reformat(text: string, format: string): string | null {
  const directives = [...format.matchAll(/%(\w)/g)].map((m) => m[1]!);
  const literals = format.split(/%\w/);
  const runs = text.split(/\D+/);
  const separators = text.split(/\d+/).slice(1, -1);
  if (literals[0] !== '' || literals.at(-1) !== '' || runs[0] === '' || runs.at(-1) === '') return null;
  if (
    directives.length !== runs.length ||
    directives.some((d, i) => !DIGITS[d] || runs[i]!.length < DIGITS[d]![0] || runs[i]!.length > DIGITS[d]![1])
  )
    return null;
  if (separators.some((s) => /[%'"\\]/.test(s))) return null;
  const fixed = directives.map((d, i) => `%${d}${separators[i] ?? ''}`).join('');
  return fixed === format ? null : fixed;
}

/** The regular expression of the texts a numeric strptime format reads. */
export function formatRegex(format: string): RegExp {
  return new RegExp(
    `^${format
      .split(/(%\w)/)
      .map((p) => (/^%\w$/.test(p) ? `\\d{${DIGITS[p[1]!]![0]},${DIGITS[p[1]!]![1]}}` : escape(p)))
      .join('')}$`,
  );
}

// Every string example the contract documents (request bodies, parameters), at any depth.
function documentedExamples(contract: ApiModel): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (typeof node === 'string' && (key === 'example' || key === 'examples')) out.push(node);
    else if (Array.isArray(node)) for (const item of node) walk(item, key === 'examples' ? 'examples' : '');
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  for (const op of contract.operations) walk([op.requestBody ?? null, op.parameters]);
  return out;
}

/** The one module-level `NAME = "<format>"` of the project. */
async function constantSite(
  tree: Parameters<RepairTemplate['candidates']>[0]['tree'],
  name: string,
  format: string,
): Promise<{ file: string; line: number } | null> {
  const found: { file: string; line: number }[] = [];
  const pattern = new RegExp(`^${name}\\s*(?::\\s*\\w+\\s*)?=\\s*(["'])${escape(format)}\\1\\s*(?:#.*)?$`);
  for (const file of (await tree.list()).filter((f) => f.endsWith('.py'))) {
    splitSource((await tree.read(file)) ?? '').lines.forEach((l, i) => {
      if (pattern.test(l)) found.push({ file, line: i + 1 });
    });
  }
  return found.length === 1 ? found[0]! : null;
}

/** The text, escaped for a regular expression. */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
