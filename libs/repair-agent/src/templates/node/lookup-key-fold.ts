import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { isFunction } from './object-keys.js';

const ID = 'node.lookup-key-fold';
const UNDEFINED_READ = /^Cannot read properties of undefined \(reading '([^']+)'\)/;
const FOLDS = ['toLowerCase', 'toUpperCase'] as const;

/**
 * `Cannot read properties of undefined (reading 'mixCents')` from `const price = INK_PRICES[ink]`
 * (or `INK_PRICES[ink].mixCents`) where the project elsewhere looks that same table up with the key
 * folded (`ink.toLowerCase() in INK_PRICES`, `INK_PRICES[name.toLowerCase()]`): its keys are kept in
 * one case, the value read here is not → fold it the same way, `INK_PRICES[ink.toLowerCase()]`.
 * Never a `?.` or a default: the entry exists, under the folded key. A table the project never
 * looks up folded, or folded both ways: no candidate.
 */
export const nodeLookupKeyFold: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "fold a table lookup's key the way the project's other lookups of that table do",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'] },
  async *candidates({ exception, cause, tree }) {
    const member = UNDEFINED_READ.exec(exception?.message ?? '')?.[1];
    if (!member) return;
    for await (const { file, line, source, program } of frameSources(cause.trace, tree)) {
      for (const lookup of lookupsRead(program, line, member)) {
        const table = pathOf(lookup['object'] as EsNode);
        const key = lookup['property'] as EsNode;
        if (!table || /\.(?:toLowerCase|toUpperCase)\(\)$/.test(textOf(source, key))) continue;
        const fold = await projectFold(tree, table);
        if (!fold) continue;
        const [start, end] = spanOf(key);
        const text = textOf(source, key);
        const folded = /^[\w$.]+$/.test(text) ? `${text}.${fold}()` : `(${text}).${fold}()`;
        await tree.write(file, replaceRange(source, start, end, folded));
        const at = linesOf(lookup)[0];
        yield {
          key: siteKey(ID, file, at),
          summary: `look ${table} up by ${folded}, as the project's other lookups of it do (${file}:${at})`,
          template: { recipe: ID, fold },
        };
      }
    }
  },
};

// The computed lookups `T[k]` whose value the culprit line reads `member` of: `T[k].member` on the
// line, or a local bound to `T[k]` in the same function whose `.member` the line reads.
function lookupsRead(program: EsNode, line: number, member: string): EsNode[] {
  const out: EsNode[] = [];
  const locals = new Set<string>();
  let fn: EsNode | undefined;
  for (const { node, ancestors } of walk(program)) {
    if (node.type !== 'MemberExpression' || node['computed'] || linesOf(node)[0] !== line) continue;
    if ((node['property'] as EsNode)['name'] !== member) continue;
    const object = node['object'] as EsNode;
    if (object.type === 'MemberExpression' && object['computed']) out.push(object);
    if (object.type === 'Identifier') {
      locals.add(object['name'] as string);
      fn ??= [...ancestors].reverse().find(isFunction);
    }
  }
  for (const { node } of fn ? walk(fn) : []) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    const init = node['init'] as EsNode | null;
    if (locals.has((node['id'] as EsNode)['name'] as string) && init?.type === 'MemberExpression' && init['computed'])
      out.push(init);
  }
  return out;
}

// The one fold the project's code applies to keys of `table` (`x.toLowerCase() in T`, `T[x.toLowerCase()]`).
async function projectFold(tree: SourceTree, table: string): Promise<(typeof FOLDS)[number] | null> {
  const escaped = table.replace(/[.$]/g, (c) => `\\${c}`);
  const found = new Set<(typeof FOLDS)[number]>();
  for (const file of await projectSourceFiles(tree)) {
    const text = (await tree.read(file)) ?? '';
    if (!text.includes(table)) continue;
    for (const fold of FOLDS) {
      const membership = new RegExp(`\\.${fold}\\(\\)\\s+in\\s+${escaped}\\b`);
      const indexed = new RegExp(`(?<![\\w$.])${escaped}\\[[^\\]\\n]*\\.${fold}\\(\\)\\s*\\]`);
      if (membership.test(text) || indexed.test(text)) found.add(fold);
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}
