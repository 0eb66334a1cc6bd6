import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate } from '../template.js';
import { documentedSettings } from './documented-settings.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.env-default';
const NUMERIC = new Set(['Number', 'parseInt', 'parseFloat']);

/**
 * A numeric setting read from the environment without a fallback (`parseInt(process.env.MAX_LOAD,
 * 10)`, `Number(process.env.LIMIT)`) is NaN when the variable is unset, and a request fails on it:
 * its answer or exception says `NaN` ("weight must be between 1 and NaN"). The project documents the
 * settings' values in its env example (`.env.example`: `MAX_LOAD=500`) or, for a numeric default,
 * in its README or docs (documented-settings.ts): every such read of a
 * documented variable falls back to the documented value (`process.env.MAX_LOAD || '500'`), so a
 * set variable still wins. Reads with a fallback, undocumented variables and failures that do not
 * show a NaN are left alone.
 */
export const nodeEnvDefault: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'a numeric setting read from an unset variable (NaN) → the value the env example documents',
  evidence: { kinds: ['status_mismatch', 'runtime_error', 'schema_mismatch', 'test_failure'] },
  async *candidates({ cause, tree, exception }) {
    const texts = failureTexts(cause, exception);
    if (!texts.some((t) => /\bNaN\b/.test(t))) return;
    const documented = await documentedSettings(tree);
    if (documented.size === 0) return;
    const changed: string[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      const reads: [number, number, string][] = [];
      for (const { node, ancestors } of walk(program)) {
        const name = envName(node);
        const value = name === null ? undefined : documented.get(name);
        if (value === undefined || !numericRead(ancestors)) continue;
        const [start, end] = spanOf(node);
        const read = `${source.slice(start, end)} || ${quoted(source, value)}`;
        reads.push([start, end, ancestors.at(-1)!.type === 'UnaryExpression' ? `(${read})` : read]);
      }
      if (reads.length === 0) continue;
      let updated = source;
      for (const [start, end, text] of reads.sort((a, b) => b[0] - a[0]))
        updated = replaceRange(updated, start, end, text);
      await tree.write(file, updated);
      changed.push(file);
    }
    if (changed.length === 0) return;
    yield {
      key: ID,
      summary: `numeric settings fall back to the values the env example documents (${changed.join(', ')})`,
      template: { recipe: ID },
    };
  },
};

// `process.env.NAME` / `process.env['NAME']` → NAME.
function envName(node: EsNode): string | null {
  if (node.type !== 'MemberExpression') return null;
  const object = node['object'] as EsNode;
  if (object.type !== 'MemberExpression' || object['computed']) return null;
  const root = object['object'] as EsNode;
  const env = object['property'] as EsNode;
  if (root.type !== 'Identifier' || root['name'] !== 'process' || keyName(env) !== 'env') return null;
  const property = node['property'] as EsNode;
  if (node['computed']) return property.type === 'Literal' ? keyName(property) : null;
  return property.type === 'Identifier' ? (property['name'] as string) : null;
}

// The read is converted to a number as it is: `Number(read)`, `parseInt(read, 10)`, `+read` — not
// `Number(read) || 9000`, `Number(read ?? '5')`, which already fall back.
function numericRead(ancestors: readonly EsNode[]): boolean {
  const parent = ancestors.at(-1);
  if (!parent) return false;
  let conversion: EsNode | undefined;
  if (parent.type === 'CallExpression') {
    const callee = parent['callee'] as EsNode;
    const name = callee.type === 'Identifier' ? callee['name'] : keyName((callee['property'] as EsNode) ?? callee);
    if (typeof name === 'string' && NUMERIC.has(name)) conversion = parent;
  } else if (parent.type === 'UnaryExpression' && parent['operator'] === '+') conversion = parent;
  if (!conversion) return false;
  const outer = ancestors.at(-2);
  const fallsBack =
    outer?.type === 'LogicalExpression' &&
    outer['left'] === conversion &&
    ['||', '??'].includes(outer['operator'] as string);
  return !fallsBack;
}

// The value as a string literal in the quotes the file mostly uses.
function quoted(source: string, value: string): string {
  const single = (source.match(/'/g) ?? []).length >= (source.match(/"/g) ?? []).length;
  return single && !value.includes("'") ? `'${value.replace(/\\/g, '\\\\')}'` : JSON.stringify(value);
}
