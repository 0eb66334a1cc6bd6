import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { operationOf, siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.enum-spelling-constant';

/**
 * A documented request refused 400 / 422 because the app's list of allowed values spells one of
 * the contract's enum values another way: `STATUSES = ['open', 'in-progress', 'closed']` where the
 * contract's enum for `status` is `open, in_progress, closed`, so the documented `in_progress` is
 * never allowed. Evidence: a 4xx on an operation expected to succeed whose answer names a request
 * field (body property or query / path parameter) the contract gives a string enum, and a string
 * array literal in the project holding the enum's values, those it lacks written with other
 * separators or case one for one (`in-progress`, `inProgress`, `IN_PROGRESS`; or all in capitals).
 * Fix: that element becomes the contract's spelling (every such literal, one candidate) — the
 * check stays, so other values are still refused. Not when the list lacks or adds more than one
 * value, or its odd value is not a spelling of the missing one (then the list means another set).
 */
export const nodeEnumSpellingConstant: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "spell an allowed value as the contract's enum does in the list a request is checked against",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, contract, operation }) {
    const refused = cause.violations.filter(
      (v) => (v.actualStatus === 400 || v.actualStatus === 422) && (v.expectedStatus ?? 200) < 300,
    );
    const enums: string[][] = [];
    for (const v of refused) {
      const op = operationOf(contract, v.endpoint) ?? (operation?.endpoint === v.endpoint ? operation : null);
      for (const [field, values] of op ? requestEnums(op) : []) {
        const named = new RegExp(`(?<![\\w$])${field.replace(/[$]/g, '\\$')}(?![\\w$])`);
        if (named.test(v.responseExcerpt) && !enums.some((e) => e.join('\0') === values.join('\0'))) enums.push(values);
      }
    }
    if (enums.length === 0) return;
    const edits: { file: string; node: EsNode; value: string }[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      for (const { node } of program ? walk(program) : []) {
        const elements = node.type === 'ArrayExpression' ? (node['elements'] as (EsNode | null)[]) : [];
        if (elements.length < 2 || elements.some((e) => e?.type !== 'Literal' || typeof e['value'] !== 'string'))
          continue;
        const values = elements.map((e) => e!['value'] as string);
        const fixes = enums.map((e) => respelled(values, e)).filter((f) => f !== null);
        if (fixes.length !== 1) continue;
        for (const fix of fixes[0]!) edits.push({ file, node: elements[fix.index]!, value: fix.value });
      }
    }
    if (edits.length === 0) return;
    for (const file of new Set(edits.map((e) => e.file))) {
      const source = (await tree.read(file))!;
      const own = edits.filter((e) => e.file === file).sort((a, b) => spanOf(b.node)[0] - spanOf(a.node)[0]);
      await tree.write(
        file,
        own.reduce((text, e) => {
          const [start, end] = spanOf(e.node);
          const quote = /^['"`]/.exec(text.slice(start, end))?.[0] ?? "'";
          return replaceRange(text, start, end, `${quote}${e.value}${quote}`);
        }, source),
      );
    }
    const first = edits[0]!;
    yield {
      key: siteKey(ID, first.file, linesOf(first.node)[0]),
      summary: edits
        .map((e) => `'${e.node['value'] as string}' → '${e.value}' (${e.file}:${linesOf(e.node)[0]})`)
        .join(', ')
        .concat(": the contract's enum spells the allowed value so"),
      template: { recipe: ID },
    };
  },
};

// The elements of `values` to write as the enum does: every other element is an enum value, and
// the odd ones are the missing enum values in other separators or case, one for one (`in-progress`
// for `in_progress`; or the whole list in capitals, `GROW_OUT` for `grow_out`).
function respelled(
  values: readonly string[],
  enumValues: readonly string[],
): { index: number; value: string }[] | null {
  if (values.length !== enumValues.length || new Set(values).size !== values.length) return null;
  const fold = (s: string) => s.replace(/[-_\s.]+/g, '').toLowerCase();
  const odd = values.map((v, i) => (enumValues.includes(v) ? -1 : i)).filter((i) => i >= 0);
  const missing = enumValues.filter((v) => !values.includes(v));
  if (odd.length === 0 || odd.length !== missing.length) return null;
  const out: { index: number; value: string }[] = [];
  for (const index of odd) {
    const meant = missing.filter((m) => fold(m) !== '' && fold(m) === fold(values[index]!));
    if (meant.length !== 1) return null;
    out.push({ index, value: meant[0]! });
  }
  return new Set(out.map((o) => o.value)).size === out.length ? out : null;
}

// The request's string enums by field name: body properties (nested, and array items) and parameters.
function requestEnums(op: ApiOperation): [string, string[]][] {
  const out: [string, string[]][] = [];
  const strings = (schema: unknown): string[] | null => {
    const values = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>)['enum'] : null;
    return Array.isArray(values) && values.length >= 2 && values.every((v) => typeof v === 'string') ? values : null;
  };
  const visit = (schema: unknown, depth: number): void => {
    if (typeof schema !== 'object' || schema === null || depth > 3) return;
    const s = schema as Record<string, unknown>;
    for (const [name, property] of Object.entries((s['properties'] as Record<string, unknown> | undefined) ?? {})) {
      const items = (property as Record<string, unknown> | null)?.['items'];
      const values = strings(property) ?? strings(items);
      if (values) out.push([name, values]);
      visit(property, depth + 1);
      visit(items, depth + 1);
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'])
      for (const part of (s[key] as unknown[] | undefined) ?? []) visit(part, depth + 1);
  };
  visit(op.requestBody?.schema, 0);
  for (const p of op.parameters) {
    const values = strings(p.schema);
    if (values) out.push([p.name, values]);
  }
  return out;
}
