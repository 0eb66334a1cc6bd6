import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { successSchema } from '../python/contract-schema.js';
import { admitsZero, propertySchema } from './schema-number.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

const ID = 'node.empty-division';

/**
 * A mean over an empty collection (`sum / logs.length`) is `NaN` in JavaScript, which JSON sends
 * as `null`: a 2xx whose documented number field is null (`/averageRating must be number`) →
 * guard the division with the value the schema allows for an empty collection, `0`
 * (`logs.length ? … : 0`), when the field is a required-type number that is not nullable and whose
 * range admits 0. The field is found by name: a variable or a property of that name whose value
 * divides by a `.length`. A divisor that is no collection size (a constant, a count of something
 * else) is left alone, and so is a field whose schema the contract does not give.
 */
export const nodeEmptyDivision: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'answer 0 for a mean over an empty collection where the schema documents a number',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const fields = new Set(
      cause.violations.flatMap((v) =>
        [...v.message.matchAll(/(?:^|[\s;:])\/((?:[\w$-]+\/)*[\w$-]+) must be (?:number|integer)/g)].map(
          (m) =>
            m[1]!
              .split('/')
              .filter((s) => !/^\d+$/.test(s))
              .at(-1)!,
        ),
      ),
    );
    const schema = successSchema(operation);
    const allowed = [...fields].filter((f) => admitsZero(propertySchema(schema, f)));
    if (allowed.length === 0) return;
    const files = await projectSourceFiles(tree);
    for (const file of files) {
      const source = await tree.read(file);
      if (source === null || !allowed.some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node, ancestors } of walk(program)) {
        const value = valueFor(node, ancestors, allowed);
        if (!value) continue;
        const size = divisorOf(value);
        if (!size) continue;
        // Its siblings in the same object that divide by the same size are NaN for the same empty
        // collection (a validator reports the first bad field only): guarded with it.
        const siblings = siblingMeans(ancestors.at(-1), node, size, (name) => admitsZero(propertySchema(schema, name)));
        let patched = source;
        for (const v of [value, ...siblings].sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
          const [start, end] = spanOf(v);
          patched = replaceRange(patched, start, end, `${size}.length ? ${source.slice(start, end)} : 0`);
        }
        await tree.write(file, patched);
        yield {
          key: siteKey(ID, file, linesOf(value)[0]),
          summary: `answer 0 when ${size} is empty (${file}:${linesOf(value)[0]})`,
          template: { recipe: ID, value: 0 },
        };
        return;
      }
    }
  },
};

// The other properties of the object `property` is in whose values divide by `size.length` too.
function siblingMeans(
  object: EsNode | undefined,
  property: EsNode,
  size: string,
  admits: (name: string) => boolean,
): EsNode[] {
  if (property.type !== 'Property' || object?.type !== 'ObjectExpression') return [];
  const out: EsNode[] = [];
  for (const other of object['properties'] as EsNode[]) {
    if (other === property || other.type !== 'Property' || other['shorthand'] || other['computed']) continue;
    const key = other['key'] as EsNode;
    const name = key.type === 'Identifier' ? key['name'] : key.type === 'Literal' ? key['value'] : undefined;
    const value = other['value'] as EsNode;
    if (typeof name === 'string' && admits(name) && divisorOf(value) === size) out.push(value);
  }
  return out;
}

// The expression a field of that name gets: `const field = …`, `field: …` (a shorthand's value is
// its variable's initialiser, found by the declarator).
function valueFor(node: EsNode, ancestors: readonly EsNode[], fields: readonly string[]): EsNode | undefined {
  if (
    node.type === 'VariableDeclarator' &&
    (node['id'] as EsNode).type === 'Identifier' &&
    fields.includes((node['id'] as EsNode)['name'] as string)
  ) {
    return ancestors.some(isFunction) ? ((node['init'] as EsNode | null) ?? undefined) : undefined;
  }
  if (node.type === 'Property' && !node['shorthand'] && !node['computed']) {
    const key = node['key'] as EsNode;
    const name = key.type === 'Identifier' ? key['name'] : key.type === 'Literal' ? key['value'] : undefined;
    if (typeof name === 'string' && fields.includes(name)) return node['value'] as EsNode;
  }
  return undefined;
}

// `xs` of the one `… / xs.length` in the expression (every division by a length the same one).
function divisorOf(value: EsNode): string | null {
  const sizes = new Set<string>();
  for (const { node } of walk(value)) {
    if (node.type !== 'BinaryExpression' || node['operator'] !== '/') continue;
    const right = node['right'] as EsNode;
    const object = right['object'] as EsNode | undefined;
    const property = right['property'] as EsNode | undefined;
    // A division by anything but a length (`/ 10` rounding) is not the empty case.
    if (
      right.type !== 'MemberExpression' ||
      right['computed'] ||
      property?.type !== 'Identifier' ||
      property['name'] !== 'length' ||
      !object
    )
      continue;
    sizes.add(object.type === 'Identifier' || object.type === 'MemberExpression' ? textOfPath(object) : '(');
  }
  return sizes.size === 1 && ![...sizes][0]!.includes('(') ? [...sizes][0]! : null;
}

function textOfPath(node: EsNode): string {
  if (node.type === 'Identifier') return node['name'] as string;
  if (node.type === 'ThisExpression') return 'this';
  const object = node['object'] as EsNode;
  const property = node['property'] as EsNode;
  if (node.type === 'MemberExpression' && !node['computed'] && property.type === 'Identifier')
    return `${textOfPath(object)}.${property['name'] as string}`;
  return '(';
}
