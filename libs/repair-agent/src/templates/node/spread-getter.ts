import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.spread-getter';
const MAX_CANDIDATES = 3;

/**
 * A 2xx whose body lacks a required field (`must have required property 'seatsLeft'`) that a
 * project class computes in a getter, while the object sent is a spread copy of an instance
 * (`{ ...event }`): a spread copies own properties only, and a getter lives on the prototype →
 * copy the getter's value into the literal, `{ ...event, seatsLeft: event.seatsLeft }`. The
 * spread value must be an instance of that class by its name (`event` of `Event`) or its
 * declared type (`(e: Event)`); each such literal lacking the field is one candidate.
 */
export const nodeSpreadGetter: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "copy a class getter's value into an object literal that spreads an instance",
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = new Set(
      cause.violations.flatMap((v) =>
        [...v.message.matchAll(/must have required property '([^']+)'/g)].map((m) => m[1]!),
      ),
    );
    if (fields.size === 0) return;
    const files = await projectSourceFiles(tree);
    const getters = await classGetters(tree, files, fields);
    if (getters.size === 0) return;
    let yielded = 0;
    for (const file of files) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node, ancestors } of walk(program)) {
        if (node.type !== 'ObjectExpression') continue;
        const properties = node['properties'] as EsNode[];
        const keys = new Set(properties.filter((p) => p.type === 'Property').map((p) => keyName(p['key'] as EsNode)));
        for (const spread of properties.filter((p) => p.type === 'SpreadElement')) {
          const argument = spread['argument'] as EsNode;
          if (argument.type !== 'Identifier') continue;
          const name = argument['name'] as string;
          const missing = [...getters].filter(
            ([field, classes]) => !keys.has(field) && classes.some((c) => instanceOf(name, c, ancestors)),
          );
          if (missing.length === 0) continue;
          const [, end] = spanOf(spread);
          const text = missing.map(([field]) => `, ${field}: ${name}.${field}`).join('');
          await tree.write(file, replaceRange(source, end, end, text));
          yield {
            key: siteKey(ID, file, linesOf(node)[0]),
            summary:
              `copy ${missing.map(([f]) => f).join(', ')} from ${name}'s getter into the literal ` +
              `(${file}:${linesOf(node)[0]})`,
            template: { recipe: ID },
          };
          if (++yielded >= MAX_CANDIDATES) return;
        }
      }
    }
  },
};

// Wanted fields that a project class defines as a getter → the classes defining it.
async function classGetters(
  tree: SourceTree,
  files: readonly string[],
  fields: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const source = await tree.read(file);
    if (source === null || ![...fields].some((f) => source.includes(`get ${f}`))) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    for (const { node } of walk(program)) {
      if (
        (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') ||
        (node['id'] as EsNode | null)?.type !== 'Identifier'
      )
        continue;
      const className = (node['id'] as EsNode)['name'] as string;
      for (const member of (node['body'] as EsNode)['body'] as EsNode[]) {
        const field =
          member.type === 'MethodDefinition' && member['kind'] === 'get' ? keyName(member['key'] as EsNode) : null;
        if (field && fields.has(field)) out.set(field, [...(out.get(field) ?? []), className]);
      }
    }
  }
  return out;
}

// `event` of `Event` (by name), or a parameter declared `e: Event`.
function instanceOf(name: string, className: string, ancestors: readonly EsNode[]): boolean {
  if (name.toLowerCase() === className.toLowerCase()) return true;
  for (const fn of ancestors.filter(isFunction)) {
    for (const param of fn['params'] as EsNode[]) {
      const annotation = (param['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
      const typeName = annotation?.type === 'TSTypeReference' ? (annotation['typeName'] as EsNode) : undefined;
      if (
        param.type === 'Identifier' &&
        param['name'] === name &&
        typeName?.type === 'Identifier' &&
        typeName['name'] === className
      )
        return true;
    }
  }
  return false;
}
