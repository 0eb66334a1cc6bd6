import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { TS_FILE } from '../../node/ts-ast.js';
import type { SourceTree } from '../../source/source-tree.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from '../../templates/node/estree.js';
import { isFunction } from '../../templates/node/object-keys.js';
import { retypeBigIntFields } from './bigint-field-type.js';

/** The response keys the contract documents as text and as numbers. */
export interface DocumentedKeySets {
  string: readonly string[];
  number: readonly string[];
}

/**
 * Where a BigInt the response cannot serialise is made: an object literal's property under a key
 * the contract documents as a string or a number, whose value is a BigInt by its syntax — `12n`,
 * `BigInt(x)`, `process.hrtime.bigint()`, a `reduce` started at a BigInt, arithmetic on one, or a
 * local bound to one — is converted there, to what the contract asks for
 * (`id: process.hrtime.bigint().toString()`, `totalCents: Number(totalCents)`). Every such
 * property of the project is converted (a record stored with a BigInt id is looked up by a string
 * later). In TypeScript, a field the function's declared return type gives as `bigint` is retyped
 * as the value now is, so the project still compiles. Returns `file:line` of each edit; none when
 * the code makes no BigInt under those keys.
 */
export async function convertBigIntsAtSource(tree: SourceTree, keys: DocumentedKeySets): Promise<string[]> {
  const typeOf = new Map<string, 'string' | 'number'>([
    ...keys.number.map((k) => [k, 'number'] as const),
    ...keys.string.map((k) => [k, 'string'] as const),
  ]);
  const done: string[] = [];
  const retypes: { returnType: string; key: string; to: 'string' | 'number' }[] = [];
  const writes: { file: string; text: string }[] = [];
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
      const to = typeOf.get(name);
      if (!to || !makesBigInt(value, ancestors)) continue;
      if (TS_FILE.test(file) && typedElsewhere(ancestors)) return [];
      const [start, end] = spanOf(value);
      const text = converted(source, value, to);
      edits.push(
        node['shorthand']
          ? { start, end, text: `${name}: ${text}`, line: linesOf(node)[0] }
          : { start, end, text, line: linesOf(node)[0] },
      );
      // The nearest declared return type: a `.map((g) => ({…}))` callback's object is its function's element type.
      const returnType = [...ancestors].reverse().find((a) => isFunction(a) && a['returnType'])?.['returnType'] as
        | EsNode
        | undefined;
      if (TS_FILE.test(file) && returnType) retypes.push({ returnType: textOf(source, returnType), key: name, to });
    }
    if (edits.length === 0) continue;
    let updated = source;
    for (const edit of edits.sort((a, b) => b.start - a.start))
      updated = replaceRange(updated, edit.start, edit.end, edit.text);
    writes.push({ file, text: updated });
    done.push(...edits.map((e) => `${file}:${e.line}`).reverse());
  }
  for (const write of writes) await tree.write(write.file, write.text);
  for (const retype of retypes) await retypeBigIntFields(tree, retype.returnType, retype.key, retype.to);
  return done;
}

/**
 * Whether a patch of this round (the tree's edits so far) already converted a BigInt made under one
 * of the keys where it is made: a file whose text before the edit made more of them than it does
 * now. Another response failing on the same BigInt is then answered by that patch, not by a
 * serialiser wrapped round its own payload.
 */
export async function convertedThisRound(tree: SourceTree, keys: DocumentedKeySets): Promise<boolean> {
  const names = new Set([...keys.number, ...keys.string]);
  for (const edit of await tree.editsSince(0)) {
    if (edit.before === null || edit.after === null) continue;
    if (bigIntProperties(edit.path, edit.before, names) > bigIntProperties(edit.path, edit.after, names)) return true;
  }
  return false;
}

function bigIntProperties(file: string, source: string, names: ReadonlySet<string>): number {
  const program = /\bBigInt\b|\.bigint\(|\d+n\b/.test(source) ? parseFile(file, source) : null;
  let count = 0;
  for (const { node, ancestors } of program ? walk(program) : []) {
    if (node.type !== 'Property' || node['computed'] || node['kind'] !== 'init') continue;
    const key = node['key'] as EsNode;
    const name =
      key.type === 'Identifier' ? (key['name'] as string) : key.type === 'Literal' ? String(key['value']) : '';
    if (names.has(name) && makesBigInt(node['value'] as EsNode, ancestors)) count++;
  }
  return count;
}

// Between a property and its function, a node that gives the literal a declared type other than
// the function's return type: a typed variable, an argument of a call, an assignment, an assertion.
function typedElsewhere(ancestors: readonly EsNode[]): boolean {
  for (const node of [...ancestors].reverse()) {
    if (isFunction(node)) return false;
    if (node.type === 'VariableDeclarator') return Boolean((node['id'] as EsNode)['typeAnnotation']);
    if (
      /^(CallExpression|NewExpression|AssignmentExpression|TSAsExpression|TSSatisfiesExpression|TSTypeAssertion)$/.test(
        node.type,
      )
    )
      return true;
  }
  return false;
}

// `12n` → `'12'` / `12`; `BigInt(x)` under a number key → `Number(x)`; else `.toString()` / `Number(…)`.
function converted(source: string, value: EsNode, to: 'string' | 'number'): string {
  if (value.type === 'Literal') return to === 'string' ? `'${String(value['bigint'])}'` : String(value['bigint']);
  const callee = value['callee'] as EsNode | undefined;
  const args = (value['arguments'] as EsNode[] | undefined) ?? [];
  if (to === 'number' && value.type === 'CallExpression' && callee?.['name'] === 'BigInt' && args.length === 1)
    return `Number(${textOf(source, args[0]!)})`;
  const text = textOf(source, value);
  if (to === 'number') return `Number(${text})`;
  return value.type === 'Identifier' || value.type === 'CallExpression' || value.type === 'MemberExpression'
    ? `${text}.toString()`
    : `(${text}).toString()`;
}

function makesBigInt(value: EsNode, ancestors: readonly EsNode[]): boolean {
  if (value.type === 'Literal') return typeof value['bigint'] === 'string';
  if (value.type === 'BinaryExpression' && /^[-+*/%]$|^\*\*$/.test(value['operator'] as string))
    return makesBigInt(value['left'] as EsNode, ancestors) || makesBigInt(value['right'] as EsNode, ancestors);
  if (value.type === 'CallExpression') {
    const callee = value['callee'] as EsNode;
    if (callee.type === 'Identifier') return callee['name'] === 'BigInt';
    if (callee.type !== 'MemberExpression' || callee['computed']) return false;
    const method = (callee['property'] as EsNode)['name'];
    // `xs.reduce((sum, x) => sum + BigInt(x.cents), 0n)`: the accumulator starts, and stays, a BigInt.
    const args = value['arguments'] as EsNode[];
    if (method === 'reduce' && args.length === 2) return makesBigInt(args[1]!, ancestors);
    return method === 'bigint';
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
