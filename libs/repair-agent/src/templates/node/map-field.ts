import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { madeBy } from './pending-field.js';
import { emptyObjectFields } from './response-body.js';

const ID = 'node.map-field';

/**
 * A response field that is a `Map` (`byStatus: new Map(...)`, or a `const byStatus = new Map(…)` of
 * the same function put under that key) arrives as `{}`: JSON keeps none of a Map's entries, so the
 * documented object misses every property (`/byStatus must have required property 'quoted'`) → its
 * entries as an object: `byStatus: Object.fromEntries(byStatus)`. Only when the body holds exactly
 * `{}` there and one property of that name in the project is such a Map; a Set would be a list and
 * is another bug.
 */
export const nodeMapField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'send a Map response field as an object of its entries, not the {} JSON makes of it',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = emptyObjectFields(cause.violations);
    if (fields.size === 0) return;
    const found: { file: string; source: string; property: EsNode; field: string }[] = [];
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes('Map(') || ![...fields].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      for (const { node, ancestors } of program ? walk(program) : []) {
        const field = node.type === 'Property' && !node['computed'] ? keyName(node['key'] as EsNode) : null;
        if (!field || !fields.has(field)) continue;
        const fn = [...ancestors].reverse().find(isFunction);
        // `new Map(…)` itself, or the `const` of the same function set to it (pending-field's madeBy).
        const value = node['value'] as EsNode;
        if (isNewMap(fn ? madeBy(fn, value) : value)) found.push({ file, source, property: node, field });
      }
    }
    if (found.length !== 1) return;
    const { file, source, property, field } = found[0]!;
    const value = property['value'] as EsNode;
    const [start, end] = property['shorthand'] ? spanOf(property) : spanOf(value);
    const text = source.slice(...spanOf(value));
    const converted = `Object.fromEntries(${text})`;
    await tree.write(
      file,
      replaceRange(source, start, end, property['shorthand'] ? `${field}: ${converted}` : converted),
    );
    yield {
      key: ID,
      summary: `send ${field} as Object.fromEntries(${text}): a Map is {} in JSON (${file}:${linesOf(property)[0]})`,
      template: { recipe: ID },
    };
  },
};

function isNewMap(node: EsNode | null): boolean {
  const callee = node?.type === 'NewExpression' ? (node['callee'] as EsNode) : null;
  return callee?.type === 'Identifier' && callee['name'] === 'Map';
}
