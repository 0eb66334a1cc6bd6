import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';

const ID = 'node.zod-json-date';
// zod 3 (`Expected date, received string`) and 4 (`Invalid input: expected date, received string`).
const REFUSED = /expected date, received string/i;

/**
 * A valid request refused 4xx by zod with `Expected date, received string` for a field (`scheduledAt`):
 * the schema says `scheduledAt: z.date()`, which takes only Date objects, and JSON carries dates
 * as strings → `z.coerce.date()`, which parses the string and still refuses one that is no date.
 * Only an object-schema property named as a field the refusal names, whose value is a `z.date()`
 * chain (its other checks kept). A refusal that names no such field: no candidate.
 */
export const nodeZodJsonDate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'parse a JSON date string with z.coerce.date() where the schema takes only Date objects',
  evidence: { kinds: ['status_mismatch'] },
  async *candidates({ cause, tree }) {
    const bodies = cause.violations
      .filter((v) => v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500)
      .map((v) => v.responseExcerpt)
      .filter((b) => REFUSED.test(b));
    if (bodies.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !/\bz\.date\(\)/.test(source)) continue;
      const program = parseFile(file, source);
      for (const { node } of program ? walk(program) : []) {
        if (node.type !== 'Property') continue;
        const name = keyName(node['key'] as EsNode);
        const call = name ? innerDate(node['value'] as EsNode) : null;
        if (!name || !call || !bodies.some((b) => new RegExp(`["'\\s.]${name}["'\\s,:]`).test(b))) continue;
        const [start, end] = spanOf(call);
        await tree.write(file, replaceRange(source, start, end, 'z.coerce.date()'));
        const line = linesOf(node)[0];
        yield {
          key: siteKey(ID, file, line),
          summary: `${name}: z.coerce.date(), which reads the date JSON sends as text (${file}:${line})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// The `z.date()` call at the root of a chain (`z.date().min(…)`), or null.
function innerDate(value: EsNode): EsNode | null {
  let node: EsNode | undefined = value;
  while (node?.type === 'CallExpression') {
    const callee = node['callee'] as EsNode;
    if (callee.type !== 'MemberExpression') return null;
    const object = callee['object'] as EsNode;
    if (object.type === 'Identifier' && object['name'] === 'z' && keyName(callee['property'] as EsNode) === 'date')
      return (node['arguments'] as EsNode[]).length === 0 ? node : null;
    node = object;
  }
  return null;
}
