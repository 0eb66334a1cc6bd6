import { lineText, replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName, unwrap } from './object-keys.js';
import { projectShapes } from './project-shapes.js';
import { onlySharing } from './row-members.js';

const ID = 'node.predicate-operand-member';
const PICKERS = new Set(['filter', 'find', 'findLast']);

/**
 * `Cannot read properties of undefined (reading 'quantity')` on `sheet.quantity`, where `sheet` is
 * the item a search picked (`const sheet = batches.filter((b) => b.gauge === product.gauge)…[0]`,
 * or `.find(…)`) and the predicate compares with a member of an outside record that no record of
 * its kind has: every object the project writes with the other members the function reads on it
 * (`product.id`, `product.sheetGauge`, two at least) lacks `gauge`. The search found nothing
 * because it read the wrong member → the one member of that kind sharing a word with it
 * (`product.sheetGauge`), at every read in the function. The item's own members and a member some
 * record of the kind has are left alone; a guard on the result is never added: a search that finds
 * nothing for a real reason still fails loudly.
 */
export const nodePredicateOperandMember: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'search by the member the outside record really has',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const read = /^Cannot read properties of undefined \(reading '([\w$]+)'\)/.exec(exception?.message ?? '')?.[1];
    if (!culprit || !read) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const fn = [...walk(program)]
      .map((w) => w.node)
      .filter((n) => isFunction(n) && linesOf(n)[0] <= culprit.line && culprit.line <= linesOf(n)[1])
      .at(-1);
    if (!fn) return;
    const line = lineText(source, culprit.line);
    const shapes = await projectShapes(tree);
    // What the function itself writes (the record it stores) is no record of the operand's kind.
    const own = new Set(
      [...walk(fn)]
        .filter(({ node }) => node.type === 'ObjectExpression')
        .map(({ node }) => literalKeys(node).join('\0')),
    );
    const kinds = shapes.filter((shape) => !own.has(shape.join('\0')));
    for (const predicate of pickedBy(fn, line, read)) {
      const item = (predicate['params'] as EsNode[])[0];
      for (const { node } of walk(predicate)) {
        if (node.type !== 'MemberExpression' || node['computed']) continue;
        const object = node['object'] as EsNode;
        const member = propertyName(node);
        if (object.type !== 'Identifier' || !member || object['name'] === item?.['name']) continue;
        const reads = memberReads(fn, object['name'] as string);
        const others = new Set(reads.map((r) => propertyName(r)!).filter((m) => m !== member));
        if (others.size < 2 || reads.some((r) => assigned(fn, r))) continue;
        const kind = kinds.filter((shape) => [...others].every((o) => shape.includes(o)));
        if (kind.length === 0 || kind.some((shape) => shape.includes(member))) continue;
        const targets = new Set(kind.map((shape) => onlySharing(member, shape)));
        const [to] = [...targets];
        if (targets.size !== 1 || !to) continue;
        let updated = source;
        for (const r of reads.filter((r) => propertyName(r) === member).sort((a, b) => spanOf(b)[0] - spanOf(a)[0])) {
          const [, end] = spanOf(r);
          updated = replaceRange(updated, end - member.length, end, to);
        }
        await tree.write(culprit.file, updated);
        yield {
          key: ID,
          summary:
            `search by ${object['name']}.${to}, not ${object['name']}.${member}: no ${object['name']} has ${member} ` +
            `(${culprit.file}:${linesOf(node)[0]})`,
          template: { recipe: ID, from: member, to },
        };
        return;
      }
    }
  },
};

// The predicates of the search a local dereferenced on the failing line was set from
// (`const v = xs.filter(p).sort(…)[0]`, `xs.find(p)`, `….at(0)`).
function pickedBy(fn: EsNode, line: string, read: string): EsNode[] {
  const out: EsNode[] = [];
  for (const { node } of walk(fn)) {
    const id = node.type === 'VariableDeclarator' ? (node['id'] as EsNode) : null;
    if (id?.type !== 'Identifier' || !node['init']) continue;
    if (!new RegExp(`(?<![\\w$.])${id['name'] as string}\\??\\.${read}(?![\\w$])`).test(line)) continue;
    let chain: EsNode | undefined = unwrap(node['init'] as EsNode);
    while (chain) {
      if (chain.type === 'MemberExpression') chain = chain['object'] as EsNode;
      else if (chain.type === 'CallExpression' && (chain['callee'] as EsNode).type === 'MemberExpression') {
        const callback = (chain['arguments'] as EsNode[])[0];
        if (PICKERS.has(propertyName(chain['callee'] as EsNode) ?? '') && callback && isFunction(callback))
          out.push(callback);
        chain = (chain['callee'] as EsNode)['object'] as EsNode;
      } else chain = undefined;
    }
  }
  return out;
}

// Every `name.member` read in the function (not a call of a method on it).
function memberReads(fn: EsNode, name: string): EsNode[] {
  return [...walk(fn)]
    .filter(({ node, ancestors }) => {
      if (node.type !== 'MemberExpression' || node['computed']) return false;
      const object = node['object'] as EsNode;
      const parent = ancestors.at(-1);
      return (
        object.type === 'Identifier' &&
        object['name'] === name &&
        !(parent?.type === 'CallExpression' && parent['callee'] === node)
      );
    })
    .map(({ node }) => node);
}

function assigned(fn: EsNode, member: EsNode): boolean {
  return [...walk(fn)].some(({ node }) => node.type === 'AssignmentExpression' && node['left'] === member);
}

function literalKeys(literal: EsNode): string[] {
  return (literal['properties'] as EsNode[])
    .filter((p) => p.type === 'Property' && !p['computed'])
    .map((p) => {
      const key = p['key'] as EsNode;
      return key.type === 'Identifier' ? (key['name'] as string) : String(key['value']);
    });
}
