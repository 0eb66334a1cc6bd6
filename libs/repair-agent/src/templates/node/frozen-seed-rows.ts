import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFreeze, shallowCopyOf } from './frozen-seed-copy.js';
import { isFunction } from './object-keys.js';

const ID = 'node.frozen-seed-rows';
const READ_ONLY = /^Cannot assign to read only property '([^']+)' of object/;

/**
 * `TypeError: Cannot assign to read only property 'dailyRateCents' of object` where the live
 * tables are filled with the seed's own rows, which the seed freezes so that every reset starts
 * from the same data (`const SEED_SLIPWAYS = freezeAll([{ … }])`, a helper freezing each row;
 * `Object.freeze([Object.freeze({ … })])`): the table's array was copied (`[...SEED]`,
 * `.slice()`, `Array.from`) or handed over (`new Table(seedGates)`), its rows were not, so only
 * seeded records refuse an update → the rows are copied where the live tables take them
 * (`SEED.map((row) => ({ ...row }))`), every frozen seed table at once; the seed stays frozen.
 * Evidence, all required: a seed array of object literals, one with the property the error names,
 * whose rows the declaration freezes (each `Object.freeze`d, or passed to a function of the same
 * file that freezes the rows it maps); a use elsewhere (or in the same file) that copies only the
 * array or passes it to a constructor. Anything else: no candidate.
 */
export const nodeFrozenSeedRows: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'copy the frozen seed rows where the live tables take them, not only the arrays',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'] },
  async *candidates({ exception, tree }) {
    const property = READ_ONLY.exec(exception?.message ?? '')?.[1];
    if (!property) return;
    const files = await projectSourceFiles(tree);
    const found = (await Promise.all(files.map((file) => frozenRowSeeds(tree, file, property)))).flat();
    // Every frozen table at once (the next update of another one fails alike), once one has the property.
    if (!found.some((seed) => seed.hasProperty)) return;
    const seeds = new Set(found.map((seed) => seed.name));
    const edited: string[] = [];
    let first: { file: string; line: number } | null = null;
    for (const file of files) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      const sites = takeSites(program, seeds).sort((a, b) => b.start - a.start);
      if (sites.length === 0) continue;
      let patched = source;
      for (const site of sites)
        patched = replaceRange(patched, site.start, site.end, `${site.seed}.map((row) => ({ ...row }))`);
      await tree.write(file, patched);
      edited.push(file);
      first ??= { file, line: sites.at(-1)!.line };
    }
    if (!first) return;
    yield {
      key: siteKey(ID, first.file, first.line),
      summary:
        `copy the frozen seed rows of ${[...seeds].join(', ')} where the live tables take them ` +
        `(${edited.join(', ')})`,
      template: { recipe: ID },
    };
  },
};

// The seed arrays of `file` whose rows are frozen, and whether a row has `property`.
async function frozenRowSeeds(
  tree: SourceTree,
  file: string,
  property: string,
): Promise<{ name: string; hasProperty: boolean }[]> {
  const source = await tree.read(file);
  if (source === null || !source.includes('Object.freeze')) return [];
  const program = parseFile(file, source);
  if (!program) return [];
  const freezers = rowFreezers(program, source);
  const out: { name: string; hasProperty: boolean }[] = [];
  for (const { node } of walk(program)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    let init = node['init'] as EsNode | null;
    if (init && isFreeze(init)) init = (init['arguments'] as EsNode[])[0] ?? null;
    const byHelper = init?.type === 'CallExpression' && freezers.has(pathOf(init['callee'] as EsNode) ?? '');
    const array = byHelper ? (init!['arguments'] as EsNode[])[0] : init;
    if (array?.type !== 'ArrayExpression') continue;
    const elements = (array['elements'] as (EsNode | null)[]).filter((e): e is EsNode => e !== null);
    const rows = byHelper ? elements : elements.filter(isFreeze).map((e) => (e['arguments'] as EsNode[])[0]!);
    const hasProperty = rows.some((r) =>
      ((r['properties'] as EsNode[] | undefined) ?? []).some(
        (p) => p.type === 'Property' && keyName(p['key'] as EsNode) === property,
      ),
    );
    if (rows.length > 0) out.push({ name: (node['id'] as EsNode)['name'] as string, hasProperty });
  }
  return out;
}

// Functions of the file that freeze each row they map (`rows.map((row) => Object.freeze(row))`).
function rowFreezers(program: EsNode, source: string): Set<string> {
  const out = new Set<string>();
  for (const { node } of walk(program)) {
    const fn =
      node.type === 'FunctionDeclaration'
        ? node
        : node.type === 'VariableDeclarator' && node['init'] && isFunction(node['init'] as EsNode)
          ? (node['init'] as EsNode)
          : null;
    const id = node['id'] as EsNode | undefined;
    if (!fn || id?.type !== 'Identifier') continue;
    if (/\.map\(\s*\(?\s*\w+\s*\)?\s*=>\s*Object\.freeze\(/.test(textOf(source, fn))) out.add(id['name'] as string);
  }
  return out;
}

// Where a seed's array is taken without its rows: a shallow copy, or the array passed to `new X(…)`.
function takeSites(program: EsNode, seeds: ReadonlySet<string>) {
  const out: { seed: string; start: number; end: number; line: number }[] = [];
  for (const { node } of walk(program)) {
    const copied = shallowCopyOf(node);
    if (copied && seeds.has(copied)) {
      const [start, end] = spanOf(node);
      out.push({ seed: copied, start, end, line: linesOf(node)[0] });
      continue;
    }
    if (node.type !== 'NewExpression') continue;
    for (const arg of node['arguments'] as EsNode[]) {
      if (arg.type !== 'Identifier' || !seeds.has(arg['name'] as string)) continue;
      const [start, end] = spanOf(arg);
      out.push({ seed: arg['name'] as string, start, end, line: linesOf(arg)[0] });
    }
  }
  return out;
}
