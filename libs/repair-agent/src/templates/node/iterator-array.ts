import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.iterator-array';
const ITERATORS = new Set(['values', 'keys', 'entries', 'matchAll']);
/** Array methods an iterator lacks (a Map and a Set lack them too, `forEach` aside). */
export const ARRAY_METHODS: ReadonlySet<string> = new Set([
  'map',
  'filter',
  'reduce',
  'find',
  'findIndex',
  'some',
  'every',
  'flatMap',
  'forEach',
  'sort',
  'slice',
  'join',
  'includes',
  'indexOf',
  'at',
  'toSorted',
]);

/**
 * An array method called on an iterator (`TypeError: db.rooms.values(...).map is not a function`:
 * `Map#values()`, `keys()`, `entries()` and `String#matchAll()` return iterators, and the runtime
 * has no iterator helpers) → the iterator spread into an array first (`[...db.rooms.values()].map(…)`),
 * which holds the same items in the same order. Only the call the message names, on the failing
 * line; `x.values()` already spread or under `Array.from` is not one.
 */
export const nodeIteratorArray: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'spread an iterator into an array before an array method ([...map.values()].map)',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const named = /^(?:[\w$.]+\.)?(values|keys|entries|matchAll)\(\.\.\.\)\.(\w+) is not a function/.exec(
      exception?.message ?? '',
    );
    if (!culprit || !named || !ITERATORS.has(named[1]!) || !ARRAY_METHODS.has(named[2]!)) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const iterator = [...walk(program)]
      .map((w) => w.node)
      .find((node) => {
        if (node.type !== 'MemberExpression' || node['computed'] || (node['property'] as EsNode)['name'] !== named[2])
          return false;
        const object = node['object'] as EsNode;
        const callee = object.type === 'CallExpression' ? (object['callee'] as EsNode) : null;
        const [first, last] = linesOf(node);
        return (
          callee?.type === 'MemberExpression' &&
          (callee['property'] as EsNode)['name'] === named[1] &&
          first <= culprit.line &&
          culprit.line <= last
        );
      });
    if (!iterator) return;
    const object = iterator['object'] as EsNode;
    const [start, end] = spanOf(object);
    await tree.write(culprit.file, replaceRange(source, start, end, `[...${textOf(source, object)}]`));
    yield {
      key: ID,
      summary:
        `spread ${textOf(source, object)} into an array before .${named[2]!}() ` + `(${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};
