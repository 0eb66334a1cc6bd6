import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from '../../templates/node/estree.js';
import { isFunction } from '../../templates/node/object-keys.js';

/**
 * Where a BigInt the response cannot serialise is made: an object literal's property under a key
 * the contract documents as a string, whose value is a BigInt by its syntax — `12n`, `BigInt(x)`,
 * `process.hrtime.bigint()`, or a local bound to one — is converted there, to the string the
 * contract asks for (`id: process.hrtime.bigint().toString()`). Every such property of the
 * project is converted (a record stored with a BigInt id is looked up by a string later).
 * Returns `file:line` of each edit; none when the code makes no BigInt under those keys.
 */
export async function convertBigIntsAtSource(tree: SourceTree, textKeys: readonly string[]): Promise<string[]> {
  const keys = new Set(textKeys);
  const done: string[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !/\bBigInt\b|\.bigint\(|\d+n\b/.test(source)) continue;
    const program = parseFile(file, source);
    if (!program) continue;
    const edits: { start: number; end: number; text: string; line: number }[] = [];
    for (const { node, ancestors } of walk(program)) {
      if (node.type !== 'Property' || node['computed'] || node['kind'] !== 'init') continue;
      const key = node['key'] as EsNode;
      const name =
        key.type === 'Identifier' ? (key['name'] as string) : key.type === 'Literal' ? String(key['value']) : '';
      const value = node['value'] as EsNode;
      if (!keys.has(name) || !makesBigInt(value, ancestors)) continue;
      const [start, end] = spanOf(value);
      const text = value.type === 'Literal' ? `'${String(value['bigint'])}'` : `${textOf(source, value)}.toString()`;
      edits.push(
        node['shorthand']
          ? { start, end, text: `${name}: ${text}`, line: linesOf(node)[0] }
          : { start, end, text, line: linesOf(node)[0] },
      );
    }
    if (edits.length === 0) continue;
    let updated = source;
    for (const edit of edits.sort((a, b) => b.start - a.start))
      updated = replaceRange(updated, edit.start, edit.end, edit.text);
    await tree.write(file, updated);
    done.push(...edits.map((e) => `${file}:${e.line}`).reverse());
  }
  return done;
}

function makesBigInt(value: EsNode, ancestors: readonly EsNode[]): boolean {
  if (value.type === 'Literal') return typeof value['bigint'] === 'string';
  if (value.type === 'CallExpression') {
    const callee = value['callee'] as EsNode;
    if (callee.type === 'Identifier') return callee['name'] === 'BigInt';
    return (
      callee.type === 'MemberExpression' && !callee['computed'] && (callee['property'] as EsNode)['name'] === 'bigint'
    );
  }
  if (value.type === 'Identifier') {
    // `const id = BigInt(n); return { id }` in the same function.
    const fn = [...ancestors].reverse().find(isFunction);
    if (!fn) return false;
    for (const { node, ancestors: inner } of walk(fn)) {
      const id = node['id'] as EsNode | undefined;
      if (
        node.type === 'VariableDeclarator' &&
        id?.type === 'Identifier' &&
        id['name'] === value['name'] &&
        node['init']
      )
        return makesBigInt(node['init'] as EsNode, [...ancestors, ...inner]);
    }
  }
  return false;
}
