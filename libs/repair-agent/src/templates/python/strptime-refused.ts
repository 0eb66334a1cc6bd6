import { splitSource } from '../../python/python-edits.js';
import { refusedDocumentedFields } from '../shared/documented-formats.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { escape, formatRegex } from './strptime-format.js';

const ID = 'python.strptime-refused';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 3;
// ISO 8601's order of the numeric directives a date or date-time is written with.
const ISO_ORDER = ['Y', 'm', 'd', 'H', 'M', 'S'];
// `datetime.strptime(payload.field, "%d/%m/%Y")`: the text parsed, then the format (literal or constant).
const STRPTIME = /strptime\(\s*([^,]+?)\s*,\s*(?:(["'])([^"']*)\2|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))\s*\)/;

/**
 * A documented date is parsed with another order of its parts (`strptime(payload.day, "%d/%m/%Y")`
 * for the contract's `2031-03-05`), the `ValueError` is answered 422 on purpose, so the valid
 * documented request is refused → the format reads the documented text: its directives in ISO
 * order with the text's separators (`"%Y-%m-%d"`), written where the format is spelled (the
 * literal, or the one module-level constant holding it). Evidence: a 4xx for the documented
 * example that names a body field the contract constrains with a `pattern`/`format` the example
 * passes (shared/documented-formats.ts); on the route's path (its handler and what it calls,
 * three deep) a `strptime` of that field whose format refuses the example. Only the numeric
 * directives of a date or date-time (`%Y %m %d %H %M %S`), each once, and only when the new format
 * reads the example. The `except` stays: an impossible date is still refused.
 */
export const pythonStrptimeRefused: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'parse a documented date with the order of its parts, not another one',
  evidence: { kinds: ['status_mismatch', 'test_failure'], contract: true },
  async *candidates({ cause, tree, python, operation }) {
    const fields = refusedDocumentedFields(operation, cause.violations);
    if (fields.length === 0) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
        const call = STRPTIME.exec(lines[i] ?? '');
        if (!call) continue;
        const field = fields.find((f) => new RegExp(`(?<![\\w])(?:\\w+\\.)?${f.field}\\b`).test(call[1]!));
        const format = call[3] ?? null;
        const site = !field
          ? null
          : format !== null
            ? { file, line: i + 1, format }
            : await constantFormat(tree, call[4]!.replace(/^.*\./, ''));
        if (!field || !site || formatRegex(site.format).test(field.value)) continue;
        const fixed = isoFormat(field.value, site.format);
        if (!fixed) continue;
        const text = (await tree.read(site.file))!;
        const edited = splitSource(text);
        const line = edited.lines[site.line - 1]!;
        const quoted = line.replace(
          new RegExp(`(["'])${escape(site.format)}\\1`),
          (_m, q: string) => `${q}${fixed}${q}`,
        );
        if (quoted === line) continue;
        edited.lines[site.line - 1] = quoted;
        await tree.write(site.file, edited.join(edited.lines));
        yield {
          key: siteKey(ID, site.file, site.line),
          summary:
            `parse ${field.field} with '${fixed}' (the documented ${field.value}), not ` +
            `'${site.format}', at ${site.file}:${site.line}`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

/**
 * The format's directives in ISO order with the text's separators, when it reads the text:
 * `('2031-03-05', '%d/%m/%Y')` → `'%Y-%m-%d'`. Null for other directives, a repeated one, or a
 * text whose parts do not line up.
 */
export function isoFormat(text: string, format: string): string | null {
  const directives = [...format.matchAll(/%(\w)/g)].map((m) => m[1]!);
  if (directives.some((d) => !ISO_ORDER.includes(d)) || new Set(directives).size !== directives.length) return null;
  const ordered = ISO_ORDER.filter((d) => directives.includes(d));
  const separators = text.split(/\d+/);
  if (separators.length !== ordered.length + 1 || separators[0] !== '' || separators.at(-1) !== '') return null;
  if (separators.some((s) => /[%'"\\]/.test(s))) return null;
  const fixed = ordered.map((d, i) => `%${d}${separators[i + 1] ?? ''}`).join('');
  return fixed !== format && formatRegex(fixed).test(text) ? fixed : null;
}

async function constantFormat(
  tree: Parameters<RepairTemplate['candidates']>[0]['tree'],
  name: string,
): Promise<{ file: string; line: number; format: string } | null> {
  const found: { file: string; line: number; format: string }[] = [];
  const pattern = new RegExp(`^${name}\\s*(?::\\s*\\w+\\s*)?=\\s*(["'])([^"']*)\\1\\s*(?:#.*)?$`);
  for (const file of (await tree.list()).filter((f) => f.endsWith('.py'))) {
    splitSource((await tree.read(file)) ?? '').lines.forEach((l, i) => {
      const m = pattern.exec(l);
      if (m) found.push({ file, line: i + 1, format: m[2]! });
    });
  }
  return found.length === 1 ? found[0]! : null;
}
