import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { TemplateCandidate } from '../template.js';
import { keyName, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { declaredAs, isFunction } from './object-keys.js';

// String methods that cut an ISO text down to the date (`.slice(0, 10)`, `.split('T')[0]`).
const CUTS = new Set(['slice', 'substring', 'substr', 'split', 'trim']);

/** A Date method's result handed to the project's own validator of date text, and what replaces it. */
export interface ValidatedDate {
  /** The span of the validator's argument (`dto.on.toISOString().slice(0, 10)`). */
  readonly start: number;
  readonly end: number;
  /** `dto.on`: the value as the request sent it, text the validator checks itself. */
  readonly receiver: string;
  readonly validator: string;
  /** The validator takes any value (`unknown`, untyped): the receiver's declared type does not matter. */
  readonly loose: boolean;
  /** `on: Date` where the receiver's object type declares it: the span of `Date`, to become `string`. */
  readonly declared: { readonly file: string; readonly start: number; readonly end: number } | null;
}

/**
 * `requireIsoDate(dto.on.toISOString().slice(0, 10), 'on')`: a value converted from a Date to text
 * only to be handed to a project function that checks text itself (its first parameter tested with
 * `typeof p … 'string'`, a `throw` in its body). Null unless the Date call (through string cuts) is
 * that function's first argument. `declared` is the `Date` type of the receiver's field, where the
 * enclosing function's parameter is typed with a project interface or type literal declaring it.
 */
export async function validatedDate(
  call: EsNode,
  ancestors: readonly EsNode[],
  source: string,
  file: string,
  tree: SourceTree,
): Promise<ValidatedDate | null> {
  let value = call;
  let i = ancestors.length - 1;
  for (; i >= 0; i--) {
    const parent = ancestors[i]!;
    if (parent.type === 'MemberExpression' && parent['object'] === value && parent['computed']) value = parent;
    else if (parent.type === 'MemberExpression' && parent['object'] === value) {
      const next = ancestors[i - 1];
      if (!CUTS.has(keyName(parent['property'] as EsNode) ?? '') || next?.['callee'] !== parent) return null;
      [value, i] = [next, i - 1];
    } else break;
  }
  const validatorCall = ancestors[i];
  const callee = validatorCall?.['callee'] as EsNode | undefined;
  if (validatorCall?.type !== 'CallExpression' || (validatorCall['arguments'] as EsNode[])[0] !== value) return null;
  if (callee?.type !== 'Identifier') return null;
  const validator = callee['name'] as string;
  const checks = await textValidator(tree, validator);
  const receiver = (call['callee'] as EsNode)['object'] as EsNode;
  if (!checks || receiver.type !== 'MemberExpression' || receiver['computed']) return null;
  const [start, end] = spanOf(value);
  const [rStart, rEnd] = spanOf(receiver);
  const fn = [...ancestors].reverse().find(isFunction);
  return {
    start,
    end,
    receiver: source.slice(rStart, rEnd),
    validator,
    loose: checks.loose,
    declared: fn ? await declaredDate(tree, fn, receiver) : null,
  };
}

// The project's function of this name validating text: `{ loose }` when it takes any value.
async function textValidator(tree: SourceTree, name: string): Promise<{ loose: boolean } | null> {
  for (const file of await projectSourceFiles(tree)) {
    const text = await tree.read(file);
    const program = text === null || !text.includes(name) ? null : parseFile(file, text);
    for (const { node } of program ? walk(program) : []) {
      const fn = declaredAs(node, name);
      const param = fn && isFunction(fn) ? (fn['params'] as EsNode[])[0] : undefined;
      if (param?.type !== 'Identifier') continue;
      const body = [...walk(fn!)].map(({ node: n }) => n);
      const testsText = body.some((n) => typeofString(n, param['name'] as string));
      if (!testsText || !body.some((n) => n.type === 'ThrowStatement')) continue;
      const type = ((param['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined)?.type;
      return { loose: type === undefined || type === 'TSUnknownKeyword' || type === 'TSAnyKeyword' };
    }
  }
  return null;
}

// `typeof p !== 'string'` (either side, strict or loose, equal or not).
function typeofString(n: EsNode, param: string): boolean {
  if (n.type !== 'BinaryExpression' || !['===', '!==', '==', '!='].includes(n['operator'] as string)) return false;
  const sides = [n['left'] as EsNode, n['right'] as EsNode];
  const isTypeof = (s: EsNode) =>
    s.type === 'UnaryExpression' &&
    s['operator'] === 'typeof' &&
    (s['argument'] as EsNode).type === 'Identifier' &&
    (s['argument'] as EsNode)['name'] === param;
  return sides.some(isTypeof) && sides.some((s) => s.type === 'Literal' && s['value'] === 'string');
}

// `on: Date` in the interface (or type literal) the function's parameter `dto` is typed with, for `dto.on`.
// Read as text: the project parse leaves type-only declarations out.
async function declaredDate(
  tree: SourceTree,
  fn: EsNode,
  receiver: EsNode,
): Promise<{ file: string; start: number; end: number } | null> {
  const object = receiver['object'] as EsNode;
  const field = keyName(receiver['property'] as EsNode);
  const param = (fn['params'] as EsNode[]).find((p) => p.type === 'Identifier' && p['name'] === object['name']);
  const type = ((param?.['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined) ?? null;
  const typeName = type?.type === 'TSTypeReference' ? keyName(type['typeName'] as EsNode) : null;
  if (!typeName || !field) return null;
  const opening = new RegExp(`\\b(?:interface\\s+${typeName}\\b[^{=;]*|type\\s+${typeName}\\s*=\\s*)\\{`, 'g');
  const member = new RegExp(`^(\\s*(?:readonly\\s+)?${field}\\s*:\\s*)Date\\s*[;,]?\\s*$`, 'gm');
  const found: { file: string; start: number; end: number }[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const text = (await tree.read(file)) ?? '';
    for (const open of text.includes(typeName) ? text.matchAll(opening) : []) {
      const from = open.index + open[0].length;
      const body = text.slice(from, closing(text, from));
      for (const m of body.matchAll(member)) {
        const start = from + m.index + m[1]!.length;
        found.push({ file, start, end: start + 'Date'.length });
      }
    }
  }
  return found.length === 1 ? found[0]! : null;
}

// The offset of the `}` closing the block whose body starts at `from` (nested braces counted).
function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** The candidates of a date handed to a validator as text: the field typed `string` too, then alone. */
export async function* validatedCandidates(
  tree: SourceTree,
  file: string,
  v: ValidatedDate,
  at: string,
  id: string,
): AsyncGenerator<TemplateCandidate> {
  const summary = `hand ${v.validator} ${v.receiver} as sent, the text it validates`;
  const declared = v.declared;
  if (declared) {
    const type = (await tree.read(declared.file)) ?? '';
    await tree.write(declared.file, replaceRange(type, declared.start, declared.end, 'string'));
    const source = (await tree.read(file)) ?? '';
    // The same file: the type sits before or after the argument, so the argument's span moves with it.
    const shift =
      declared.file === file && declared.end <= v.start ? 'string'.length - (declared.end - declared.start) : 0;
    await tree.write(file, replaceRange(source, v.start + shift, v.end + shift, v.receiver));
    yield {
      key: `${id}#validated-type`,
      summary: `${summary}, declared string (${declared.file}) ${at}`,
      template: { recipe: `${id}#validated-type` },
    };
  }
  if (!v.loose) return;
  const source = (await tree.read(file)) ?? '';
  await tree.write(file, replaceRange(source, v.start, v.end, v.receiver));
  yield { key: `${id}#validated`, summary: `${summary} ${at}`, template: { recipe: `${id}#validated` } };
}
