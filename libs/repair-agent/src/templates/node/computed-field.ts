import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, unwrap } from './object-keys.js';
import { responseProducers } from './response-producers.js';

const ID = 'node.computed-field';
const GLOBALS = new Set([
  'Math',
  'Number',
  'String',
  'Boolean',
  'Date',
  'JSON',
  'Object',
  'Array',
  'undefined',
  'NaN',
  'Infinity',
]);

/**
 * A 2xx whose body lacks a required field (`must have required property 'talkCount'`) that the
 * returned object literal (`return { ...speaker }`, on the endpoint's handler or the method whose
 * result it returns) never writes, while elsewhere the project computes that field from an entity
 * of the same kind (`talkCount: this.countTalks(speaker.id)` in a mapper taking `speaker:
 * Speaker`) → the field added with that expression, its entity renamed to the literal's spread
 * variable (same name, or the same declared type). Only when the expression reads nothing but
 * that entity (and `this`, in the same class) and the project computes the field one way.
 */
export const nodeComputedField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'add a missing response field computed the way the project computes it elsewhere',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const fields = [
      ...new Set(
        cause.violations.flatMap((v) =>
          [...v.message.matchAll(/must have required property '([^']+)'/g)].map((m) => m[1]!),
        ),
      ),
    ];
    if (fields.length === 0 || cause.endpoints.length === 0) return;
    for (const producer of await responseProducers(project, tree, cause.endpoints[0]!)) {
      const source = await tree.read(producer.file);
      const program = source === null ? null : parseFile(producer.file, source);
      const fn = program
        ? [...walk(program)].map((w) => w.node).find((n) => isFunction(n) && spanOf(n)[1] === producer.fn.end)
        : undefined;
      if (!fn || !program || source === null) continue;
      for (const literal of returnedLiterals(fn)) {
        const keys = (literal['properties'] as EsNode[]).map((p) =>
          p.type === 'Property' ? keyName(p['key'] as EsNode) : null,
        );
        const spread = (literal['properties'] as EsNode[])
          .filter((p) => p.type === 'SpreadElement' && (p['argument'] as EsNode).type === 'Identifier')
          .map((p) => (p['argument'] as EsNode)['name'] as string);
        const additions: string[] = [];
        for (const field of fields.filter((f) => !keys.includes(f))) {
          const texts = new Set<string>();
          for (const donor of await donorsOf(tree, field)) {
            if (donor.usesThis && (donor.file !== producer.file || donor.cls !== producer.fn.className)) continue;
            const target = spread.find(
              (r) =>
                r === donor.param ||
                (donor.type !== null && typeOfLocal(program, fn, r, producer.fn.className) === donor.type),
            );
            if (target) texts.add(donor.rename(target));
          }
          if (texts.size === 1) additions.push(`${field}: ${[...texts][0]}`);
        }
        if (additions.length === 0) continue;
        const last = (literal['properties'] as EsNode[]).at(-1);
        const at = last ? spanOf(last)[1] : spanOf(literal)[0] + 1;
        await tree.write(
          producer.file,
          replaceRange(source, at, at, `${last ? ', ' : ' '}${additions.join(', ')}${last ? '' : ' '}`),
        );
        yield {
          key: ID,
          summary:
            `add ${additions.join(', ')} to what ${producer.fn.name} returns, computed as the project ` +
            `computes it elsewhere (${producer.file})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

interface Donor {
  readonly file: string;
  readonly cls: string | undefined;
  readonly param: string;
  readonly type: string | null;
  readonly usesThis: boolean;
  rename(to: string): string;
}

// Every `field: expr` of a project object literal inside a one-parameter function whose expr reads only that parameter
// (and `this`).
async function donorsOf(
  tree: Parameters<typeof projectSourceFiles>[0] & { read(path: string): Promise<string | null> },
  field: string,
): Promise<Donor[]> {
  const out: Donor[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    if (source === null || !source.includes(field)) continue;
    const program = parseFile(file, source);
    for (const { node, ancestors } of program ? walk(program) : []) {
      if (node.type !== 'Property' || node['computed'] || node['shorthand'] || keyName(node['key'] as EsNode) !== field)
        continue;
      const fn = [...ancestors].reverse().find(isFunction);
      const param = (fn?.['params'] as EsNode[] | undefined)?.[0];
      if (!fn || (fn['params'] as EsNode[]).length !== 1 || param?.type !== 'Identifier') continue;
      const value = node['value'] as EsNode;
      const free = freeNames(value);
      if (
        free.names.some((n) => n !== param['name'] && !GLOBALS.has(n)) ||
        !free.names.includes(param['name'] as string)
      )
        continue;
      const cls = [...ancestors].reverse().find((a) => a.type === 'ClassDeclaration');
      const annotation = (param['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as EsNode | undefined;
      const [start] = spanOf(value);
      const uses = free.at.filter((u) => u.name === param['name']).map((u) => u.start - start);
      const text = textOf(source, value);
      out.push({
        file,
        cls: cls ? (keyName(cls['id'] as EsNode) ?? undefined) : undefined,
        param: param['name'] as string,
        type: annotation?.type === 'TSTypeReference' ? keyName(annotation['typeName'] as EsNode) : null,
        usesThis: free.usesThis,
        rename: (to) =>
          uses
            .sort((a, b) => b - a)
            .reduce((t, offset) => t.slice(0, offset) + to + t.slice(offset + (param['name'] as string).length), text),
      });
    }
  }
  return out;
}

// Identifiers an expression reads from outside it (not member names, keys, or its own callbacks' parameters).
function freeNames(expr: EsNode): { names: string[]; at: { name: string; start: number }[]; usesThis: boolean } {
  const at: { name: string; start: number }[] = [];
  let usesThis = false;
  const bound = new Set<string>();
  for (const { node } of walk(expr))
    if (isFunction(node))
      for (const p of node['params'] as EsNode[]) if (p.type === 'Identifier') bound.add(p['name'] as string);
  for (const { node, ancestors } of walk(expr)) {
    if (node.type === 'ThisExpression') usesThis = true;
    if (node.type !== 'Identifier' || bound.has(node['name'] as string)) continue;
    const parent = ancestors.at(-1);
    if (parent?.type === 'MemberExpression' && parent['property'] === node && !parent['computed']) continue;
    if (parent?.type === 'Property' && parent['key'] === node && !parent['computed']) continue;
    at.push({ name: node['name'] as string, start: spanOf(node)[0] });
  }
  return { names: [...new Set(at.map((a) => a.name))], at, usesThis };
}

// The object literals a function returns or sends (`res.json({ … })`).
function returnedLiterals(fn: EsNode): EsNode[] {
  const body = fn['body'] as EsNode;
  if (body.type !== 'BlockStatement') return unwrap(body).type === 'ObjectExpression' ? [unwrap(body)] : [];
  const out: EsNode[] = [];
  for (const { node, ancestors } of walk(body)) {
    if (ancestors.some(isFunction)) continue;
    if (node.type === 'ReturnStatement' && node['argument']) out.push(unwrap(node['argument'] as EsNode));
    const callee = node.type === 'CallExpression' ? (node['callee'] as EsNode) : null;
    if (callee?.type === 'MemberExpression' && /^(json|send)$/.test(keyName(callee['property'] as EsNode) ?? ''))
      out.push(unwrap((node['arguments'] as EsNode[])[0] ?? callee));
  }
  return out.filter((n) => n.type === 'ObjectExpression');
}

// The declared type of a local: `const r: T = …`, or `const r = await this.m(…)` with `m(): Promise<T>` in the same
// class.
function typeOfLocal(program: EsNode, fn: EsNode, name: string, cls: string | undefined): string | null {
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode)['name'] !== name) continue;
    const own = ((node['id'] as EsNode)['typeAnnotation'] as EsNode | undefined)?.['typeAnnotation'] as
      | EsNode
      | undefined;
    if (own?.type === 'TSTypeReference') return keyName(own['typeName'] as EsNode);
    const call = node['init'] ? unwrap(node['init'] as EsNode) : null;
    const callee = call?.type === 'CallExpression' ? (call['callee'] as EsNode) : null;
    if (callee?.type !== 'MemberExpression' || (callee['object'] as EsNode).type !== 'ThisExpression' || !cls)
      return null;
    const method = keyName(callee['property'] as EsNode);
    for (const { node: m, ancestors } of walk(program)) {
      if (m.type !== 'MethodDefinition' || keyName(m['key'] as EsNode) !== method) continue;
      if (keyName((ancestors.at(-2)?.['id'] as EsNode | undefined) ?? { type: 'None' }) !== cls) continue;
      const returns = ((m['value'] as EsNode)['returnType'] as EsNode | undefined)?.['typeAnnotation'] as
        | EsNode
        | undefined;
      const args = (returns?.['typeArguments'] ?? returns?.['typeParameters']) as EsNode | undefined;
      const inner =
        returns && keyName(returns['typeName'] as EsNode) === 'Promise'
          ? ((args?.['params'] as EsNode[] | undefined)?.[0] ?? null)
          : (returns ?? null);
      return inner?.type === 'TSTypeReference' ? keyName(inner['typeName'] as EsNode) : null;
    }
  }
  return null;
}
