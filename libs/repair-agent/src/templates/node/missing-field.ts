import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, knownKeys, propertyName } from './object-keys.js';
import { caseless } from './key-case.js';

const ID = 'node.missing-field';

/**
 * A 2xx whose body lacks a required field of the documented schema (`must have required property
 * 'reviewCount'`) because the code fills it from a key its object does not have
 * (`reviewCount: summary.length` where `const summary = { count: ratings.length, total }`: the
 * value is undefined and JSON drops it) → read the key the object does have for it: the one key
 * whose own value reads that member (`count: ratings.length` for `.length`), or the one key a case
 * style apart (`created_at` / `createdAt`). The object's keys come from its literal in the same
 * function or the mapper that made it; with a spread, an unknown maker, or no single key, nothing.
 */
export const nodeMissingField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'fill a required response field from the key its object really has',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const fields = new Set(
      cause.violations.flatMap((v) =>
        [...v.message.matchAll(/must have required property '([^']+)'/g)].map((m) => m[1]!),
      ),
    );
    if (fields.size === 0) return;
    const files = await projectSourceFiles(tree);
    for (const file of files) {
      const source = await tree.read(file);
      if (source === null || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node, ancestors } of walk(program)) {
        if (
          node.type !== 'Property' ||
          node['shorthand'] ||
          node['computed'] ||
          !fields.has(keyName(node['key'] as EsNode) ?? '')
        )
          continue;
        const value = node['value'] as EsNode;
        if (value.type !== 'MemberExpression' || value['computed'] || (value['object'] as EsNode).type !== 'Identifier')
          continue;
        const name = (value['object'] as EsNode)['name'] as string;
        const key = propertyName(value)!;
        const functions = ancestors.filter(isFunction);
        const literal = localLiteral(functions, name);
        const made = literal ? literalKeys(literal) : undefined;
        const known = made ?? (await knownKeys(project, tree, file, functions, name));
        if (!known.complete || known.made.length === 0 || known.made.includes(key)) continue;
        const byValue = literal
          ? (literal['properties'] as EsNode[])
              .filter((p) => p.type === 'Property' && readsMember(p['value'] as EsNode, key))
              .map((p) => keyName(p['key'] as EsNode)!)
          : [];
        const byStyle = known.made.filter((k) => caseless(k) === caseless(key));
        const choices = [...new Set([...byValue, ...byStyle])];
        if (choices.length !== 1) continue;
        const to = choices[0]!;
        const [start, end] = spanOf(value['property'] as EsNode);
        await tree.write(file, replaceRange(source, start, end, to));
        const field = keyName(node['key'] as EsNode)!;
        yield {
          key: siteKey(ID, file, linesOf(node)[0]),
          summary: `fill ${field} from ${name}.${to} instead of ${name}.${key} (${file}:${linesOf(node)[0]})`,
          template: { recipe: ID, from: key, to },
        };
        return;
      }
    }
  },
};

// `const name = { … }` in the innermost function declaring it.
function localLiteral(functions: readonly EsNode[], name: string): EsNode | undefined {
  for (const fn of [...functions].reverse()) {
    for (const { node } of walk(fn)) {
      const id = node['id'] as EsNode | undefined;
      if (node.type === 'VariableDeclarator' && id?.type === 'Identifier' && id['name'] === name) {
        const init = node['init'] as EsNode | undefined;
        return init?.type === 'ObjectExpression' ? init : undefined;
      }
    }
  }
  return undefined;
}

function literalKeys(literal: EsNode): { made: string[]; read: string[]; complete: boolean } {
  const properties = literal['properties'] as EsNode[];
  return {
    made: properties
      .filter((p) => p.type === 'Property')
      .map((p) => keyName(p['key'] as EsNode))
      .filter((k): k is string => k !== null),
    read: [],
    complete: properties.every((p) => p.type === 'Property' && !p['computed']),
  };
}

// `ratings.length` for `length`: the value reads that member.
function readsMember(value: EsNode, key: string): boolean {
  return value.type === 'MemberExpression' && !value['computed'] && propertyName(value) === key;
}
