import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.dropped-field';

/**
 * A 2xx whose record lacks a required field (`must have required property 'status'`) because the
 * function that builds it copies its input field by field and leaves that one out
 * (`create(data) { const row = { slipId: data.slipId, nights: data.nights, … } }`) while its
 * callers hand it the field (`repo.create({ slipId, nights, status: 'confirmed' })`) → copy it too:
 * `status: data.status`. The function is the one whose literal copies at least two of the keys a
 * caller's literal passes along with the missing one; a literal with a spread copies everything
 * (not this bug), and two such functions are no certain one.
 */
export const nodeDroppedField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'copy the field a record builder leaves out of what its callers hand it',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = new Set(
      cause.violations
        .filter((v) => v.actualStatus !== null && v.actualStatus >= 200 && v.actualStatus < 300)
        .flatMap((v) => [...v.message.matchAll(/must have required property '([^']+)'/g)].map((m) => m[1]!)),
    );
    if (fields.size === 0) return;
    const parsed: { file: string; source: string; program: EsNode }[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (program && source !== null) parsed.push({ file, source, program });
    }
    // What callers hand each function name: the keys of an object literal argument.
    const handed = new Map<string, Set<string>[]>();
    for (const { program } of parsed)
      for (const { node } of walk(program)) {
        if (node.type !== 'CallExpression') continue;
        const callee = node['callee'] as EsNode;
        const name = callee.type === 'Identifier' ? (callee['name'] as string) : propertyName(callee);
        const arg = (node['arguments'] as EsNode[])[0];
        if (!name || arg?.type !== 'ObjectExpression') continue;
        const keys = new Set(
          (arg['properties'] as EsNode[])
            .filter((p) => p.type === 'Property')
            .map((p) => keyName(p['key'] as EsNode) ?? ''),
        );
        handed.set(name, [...(handed.get(name) ?? []), keys]);
      }
    for (const field of fields) {
      const found: { file: string; source: string; at: number; entry: string; line: number }[] = [];
      for (const { file, source, program } of parsed)
        for (const { node, ancestors } of walk(program)) {
          if (!isFunction(node)) continue;
          const param = (node['params'] as EsNode[])[0];
          const name = functionName(node, ancestors);
          if (param?.type !== 'Identifier' || !name) continue;
          const input = param['name'] as string;
          for (const { node: literal } of walk(node['body'] as EsNode)) {
            if (literal.type !== 'ObjectExpression') continue;
            const props = literal['properties'] as EsNode[];
            if (props.some((p) => p.type !== 'Property')) continue;
            const copied = props
              .filter((p) => pathOf(p['value'] as EsNode) === `${input}.${keyName(p['key'] as EsNode)}`)
              .map((p) => keyName(p['key'] as EsNode)!);
            if (copied.length < 2 || props.some((p) => keyName(p['key'] as EsNode) === field)) continue;
            const callers = (handed.get(name) ?? []).filter(
              (keys) => keys.has(field) && copied.filter((k) => keys.has(k)).length >= 2,
            );
            if (callers.length === 0) continue;
            const last = props.filter((p) => copied.includes(keyName(p['key'] as EsNode)!)).at(-1)!;
            found.push({
              file,
              source,
              at: spanOf(last)[1],
              entry: `${field}: ${input}.${field}`,
              line: linesOf(last)[0],
            });
          }
        }
      if (found.length !== 1) continue;
      const { file, source, at, entry, line } = found[0]!;
      // After the last copied property: on a line of its own in a literal written one per line.
      const after = source.slice(at);
      const comma = /^[ \t]*,/.exec(after)?.[0];
      const indent = /(?:^|\n)([ \t]*)[^\n]*$/.exec(source.slice(0, at))?.[1] ?? '';
      const patched = /^[ \t]*,?[ \t]*\n/.test(after)
        ? comma
          ? replaceRange(source, at + comma.length, at + comma.length, `\n${indent}${entry},`)
          : replaceRange(source, at, at, `,\n${indent}${entry}`)
        : replaceRange(source, at, at, `, ${entry}`);
      await tree.write(file, patched);
      yield {
        key: ID,
        summary: `copy ${field} into the record built at ${file}:${line}: its callers hand it`,
        template: { recipe: ID },
      };
    }
  },
};

// The name a function is called by: its declaration's, its variable's, its property's or method's.
function functionName(fn: EsNode, ancestors: readonly EsNode[]): string | null {
  const id = fn['id'] as EsNode | null | undefined;
  if (id?.type === 'Identifier') return id['name'] as string;
  const parent = ancestors.at(-1);
  if (parent?.type === 'VariableDeclarator') return ((parent['id'] as EsNode)['name'] as string) ?? null;
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition')
    return keyName(parent['key'] as EsNode);
  return null;
}
