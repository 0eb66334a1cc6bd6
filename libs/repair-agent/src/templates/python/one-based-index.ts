import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { maskStrings } from './expression-text.js';

const OUT_OF_RANGE = /^(?:list|tuple|string) index out of range$/;

/**
 * A 1-based position used as a 0-based index: `ROW_LETTERS[row]` where the contract documents
 * the request's `row` as 1 to 5 (`minimum: 1`, `maximum: 5`) and `ROW_LETTERS` is a module
 * constant of 5 items (`"ABCDE"`, a list or tuple literal) raises `IndexError: string index out of
 * range` for the last one → `ROW_LETTERS[row - 1]`: the documented range then covers the sequence
 * exactly. Only a parameter of the function (or the request field itself, `body.row`) as the
 * index, a field the failing operation's request documents with both bounds, and a constant
 * whose length is that maximum; anything else: no candidate.
 */
export const pythonOneBasedIndex: RepairTemplate = {
  id: 'python.one-based-index',
  language: 'python',
  summary: 'index a sequence with a documented 1-based position minus one',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['IndexError'],
    culprit: true,
    contract: true,
  },
  async *candidates(context) {
    const { exception, culprit, tree, python } = context;
    if (!exception || !culprit || !OUT_OF_RANGE.test(exception.message.trim())) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const fn = await python.functionAt(culprit.file, culprit.line);
    // Raw text: the subscript may sit in an f-string's braces (`f"{ROW_LETTERS[row]}{seat}"`).
    const subscripts = [...text.matchAll(/(?<![\w.])([A-Z_][A-Z0-9_]*)\[\s*((?:[a-z_]\w*\.)?([a-z_]\w*))\s*\]/g)];
    for (const m of subscripts) {
      const [, sequence, index, field] = m as unknown as [string, string, string, string];
      if (index === field && !fn?.params.includes(index)) continue;
      const length = constantLength(lines, sequence);
      const bounds = documentedBounds(context, field);
      if (length === null || !bounds || bounds.minimum !== 1 || bounds.maximum !== length) continue;
      const at = m.index + m[0].indexOf('[') + 1;
      const end = m.index + m[0].length - 1;
      lines[culprit.line - 1] = `${text.slice(0, at)}${index} - 1${text.slice(end)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.one-based-index#minus-one',
        summary:
          `${sequence}[${index} - 1] for the documented 1..${length} ${field} ` + `at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.one-based-index#minus-one' },
      };
      return;
    }
  },
};

// The length of a module-level constant string, list or tuple literal on one line.
function constantLength(lines: readonly string[], name: string): number | null {
  const found = lines
    .map((l) => new RegExp(`^${name}\\s*(?::[^=]+)?=\\s*(.+?)\\s*(?:#.*)?$`).exec(l)?.[1])
    .filter((v): v is string => v !== undefined);
  if (found.length !== 1) return null;
  const value = found[0]!;
  const text = /^(["'])([A-Za-z0-9 _-]*)\1$/.exec(value);
  if (text) return text[2]!.length;
  const items = /^[[(](.*)[\])]$/.exec(value)?.[1];
  if (items === undefined || /[[\](){}]/.test(maskStrings(items))) return null;
  return maskStrings(items)
    .split(',')
    .filter((i) => i.trim() !== '').length;
}

// `minimum`/`maximum` of the request property (body or query/path parameter) named `field`.
function documentedBounds(
  { operation }: TemplateContext,
  field: string,
): { minimum: unknown; maximum: unknown } | null {
  const body = operation?.requestBody?.schema as Record<string, unknown> | undefined;
  const properties = (typeof body === 'object' ? (body['properties'] ?? {}) : {}) as Record<
    string,
    Record<string, unknown>
  >;
  const property =
    properties[field] ??
    (operation?.parameters.find((p) => p.name === field)?.schema as Record<string, unknown> | undefined);
  return property ? { minimum: property['minimum'], maximum: property['maximum'] } : null;
}
