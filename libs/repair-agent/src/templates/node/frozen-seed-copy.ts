import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { unwrap } from './object-keys.js';

const ID = 'node.frozen-seed-copy';
const READ_ONLY = /^Cannot assign to read only property '([^']+)' of object/;

/**
 * `TypeError: Cannot assign to read only property 'storedTonnes' of object` where the live rows
 * are a shallow copy of frozen seed rows (`store.icehouses = [...SEED_ICEHOUSES]`, `.slice()`,
 * `Array.from(…)`) while the same function copies every other table row by row
 * (`store.ponds = SEED_PONDS.map((row) => ({ ...row }))`): the array was copied, its frozen rows
 * were not → copy them the way the siblings are copied. Evidence, all required: a seed array whose
 * elements are `Object.freeze({…})` literals with the property the error names, copied shallowly
 * into an assignment, and a sibling assignment in the same function copying its rows with a
 * `.map` callback. Frozen rows the project never copies row by row: no candidate.
 */
export const nodeFrozenSeedCopy: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'copy the rows of a frozen seed table as the sibling tables are copied',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'] },
  async *candidates({ exception, tree }) {
    const property = READ_ONLY.exec(exception?.message ?? '')?.[1];
    if (!property) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes('Object.freeze')) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      const frozen = frozenSeeds(program, property);
      for (const { node, ancestors } of walk(program)) {
        if (node.type !== 'AssignmentExpression' || node['operator'] !== '=') continue;
        const seed = shallowCopyOf(node['right'] as EsNode);
        if (!seed || !frozen.has(seed)) continue;
        const fn = [...ancestors].reverse().find((a) => a.type === 'BlockStatement');
        const mapper = fn ? siblingMapper(source, fn, node) : null;
        if (!mapper) continue;
        const [start, end] = spanOf(node['right'] as EsNode);
        await tree.write(file, replaceRange(source, start, end, `${seed}.map(${mapper})`));
        const line = linesOf(node)[0];
        yield {
          key: siteKey(ID, file, line),
          summary: `copy ${seed}'s frozen rows one by one, as the other tables are (${file}:${line})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// Names of arrays (`const SEED = Object.freeze([Object.freeze({ … })])` or a plain array literal)
// whose elements are frozen object literals with the property.
function frozenSeeds(program: EsNode, property: string): Set<string> {
  const out = new Set<string>();
  for (const { node } of walk(program)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    let init = node['init'] as EsNode | null;
    if (init && isFreeze(init)) init = (init['arguments'] as EsNode[])[0] ?? null;
    if (init?.type !== 'ArrayExpression') continue;
    const elements = (init['elements'] as (EsNode | null)[]).filter((e): e is EsNode => e !== null);
    const rows = elements.filter(isFreeze).map((e) => (e['arguments'] as EsNode[])[0]);
    if (
      rows.length > 0 &&
      rows.some((r) =>
        ((r?.['properties'] as EsNode[] | undefined) ?? []).some(
          (p) => p.type === 'Property' && keyName(p['key'] as EsNode) === property,
        ),
      )
    )
      out.add((node['id'] as EsNode)['name'] as string);
  }
  return out;
}

/** `Object.freeze(…)`. */
export function isFreeze(node: EsNode): boolean {
  return node.type === 'CallExpression' && pathOf(node['callee'] as EsNode) === 'Object.freeze';
}

/** `[...SEED]`, `SEED.slice()`, `Array.from(SEED)`: the seed's name, or null. */
export function shallowCopyOf(node: EsNode): string | null {
  if (node.type === 'ArrayExpression') {
    const [only, ...rest] = node['elements'] as (EsNode | null)[];
    return rest.length === 0 && only?.type === 'SpreadElement' ? pathOf(only['argument'] as EsNode) : null;
  }
  if (node.type !== 'CallExpression') return null;
  const callee = pathOf(node['callee'] as EsNode);
  const args = node['arguments'] as EsNode[];
  if (callee === 'Array.from' && args.length === 1) return pathOf(args[0]!);
  const slice = callee?.endsWith('.slice') && args.length === 0 ? callee.slice(0, -'.slice'.length) : null;
  return slice && /^[\w$]+$/.test(slice) ? slice : null;
}

// The row-copying callback of a sibling assignment in the same block (`X.map((row) => ({ ...row }))`).
function siblingMapper(source: string, block: EsNode, except: EsNode): string | null {
  const found = new Set<string>();
  for (const { node } of walk(block)) {
    if (node === except || node.type !== 'AssignmentExpression') continue;
    const right = node['right'] as EsNode;
    const callee = right.type === 'CallExpression' ? (right['callee'] as EsNode) : null;
    const args = (right['arguments'] as EsNode[] | undefined) ?? [];
    if (callee?.type !== 'MemberExpression' || keyName(callee['property'] as EsNode) !== 'map' || args.length !== 1)
      continue;
    const fn = args[0]!;
    const param = (fn['params'] as EsNode[] | undefined)?.[0];
    const body = fn['body'] ? unwrap(fn['body'] as EsNode) : undefined;
    const spread =
      body?.type === 'ObjectExpression' &&
      (body['properties'] as EsNode[]).some(
        (p) => p.type === 'SpreadElement' && pathOf(p['argument'] as EsNode) === (param?.['name'] as string),
      );
    if (spread) found.add(textOf(source, fn));
  }
  // The siblings' own callback, as written first (they copy alike whatever their parameter is called).
  return [...found][0] ?? null;
}
