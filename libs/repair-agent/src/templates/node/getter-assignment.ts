import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.getter-assignment';

/**
 * `TypeError: Cannot set property query of #<IncomingMessage> which has only a getter` at
 * `req.query = schema.parse(req.query)`: the object defines the property with a getter only
 * (Express 5 made `req.query` one), so plain assignment throws → define an own data property that
 * shadows the getter, keeping the value the code meant to store for what reads it later:
 * `Object.defineProperty(req, 'query', { value: …, writable: true, enumerable: true, configurable:
 * true })`. Dropping the assignment or merging into the getter's object (`Object.assign(req.query,
 * …)`, re-parsed on every read) would lose the value: never proposed.
 */
export const nodeGetterAssignment: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'store a value on a getter-only property as an own property (Object.defineProperty)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const property = /^Cannot set property (\S+) of .+ which has only a getter/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !property) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'ExpressionStatement' || linesOf(node)[0] !== culprit.line) continue;
      const assignment = node['expression'] as EsNode;
      if (assignment.type !== 'AssignmentExpression' || assignment['operator'] !== '=') continue;
      const target = assignment['left'] as EsNode;
      const key = target['property'] as EsNode | undefined;
      if (target.type !== 'MemberExpression' || target['computed'] || key?.type !== 'Identifier') continue;
      if (key['name'] !== property) continue;
      const object = textOf(source, target['object'] as EsNode);
      const value = textOf(source, assignment['right'] as EsNode);
      const [start, end] = spanOf(node);
      const replacement =
        `Object.defineProperty(${object}, '${property}', ` +
        `{ value: ${value}, writable: true, enumerable: true, configurable: true });`;
      await tree.write(culprit.file, replaceRange(source, start, end, replacement));
      yield {
        key: ID,
        summary:
          `define ${object}.${property} as an own property: it has only a getter ` +
          `(${culprit.file}:${culprit.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
