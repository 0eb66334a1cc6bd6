import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.raw-param-filter';

// Conversions that say a parameter holds a number written as text (`parseId(idParam, 'id')`).
const CONVERTS = /^(?:Number|parseInt|parseFloat|parse\w*|to(?:Int|Number|Id)\w*)$/;

/**
 * `Cannot read properties of undefined` on the result of a lookup filtered by a function's
 * parameter as it came in (`db.inspections.findMany({ gateId: gateIdParam })`, then
 * `inspections[0].inspector`), where the same function converts that parameter elsewhere
 * (`getGate(parseId(gateIdParam, 'gateId'))`): the raw value is the path's text (`'1'`), the store
 * compares with `===` against numbers, so nothing matches and the code reading the first row fails.
 *
 * Fix: filter by the converted value the function already has: the expression an earlier lookup of
 * the same method gives the same key (`findMany({ gateId: gate.id })`), else the local the
 * parameter is converted into (`const id = Number(idParam)`). Never a guard on the empty result
 * (that answers a record without its rows); a parameter the function never converts: none.
 */
export const nodeRawParamFilter: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'filter a lookup by the converted id the function already has, not the raw parameter',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    if (!culprit || !/^Cannot read properties of (?:undefined|null)/.test(exception?.message ?? '')) return;
    const project = given ?? nodeProjectFor(tree);
    const fn = await project.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    const program = fn && source !== null ? parseFile(culprit.file, source) : null;
    if (!fn || !program || source === null) return;
    const body = [...walk(program)].find(({ node: n }) => spanOf(n)[0] === fn.start && spanOf(n)[1] === fn.end)?.node;
    if (!body) return;
    const nodes = [...walk(body)];
    const calls = nodes.map(({ node: n }) => n).filter((n) => n.type === 'CallExpression');
    const failing = source.split('\n')[culprit.line - 1] ?? '';
    for (const { node: call, ancestors } of nodes) {
      const where = call.type === 'CallExpression' ? (call['arguments'] as EsNode[])[0] : undefined;
      if (where?.type !== 'ObjectExpression') continue;
      const result = boundName(ancestors);
      if (!result || !new RegExp(`(?<![\\w$.])${result}\\s*(?:\\?\\.|\\.|\\[)`).test(failing)) continue;
      for (const property of where['properties'] as EsNode[]) {
        const value = property['value'] as EsNode | undefined;
        const param = value?.type === 'Identifier' ? (value['name'] as string) : undefined;
        const key = property.type === 'Property' ? keyName(property['key'] as EsNode) : null;
        if (!param || !key || !fn.params.includes(param) || !converted(calls, param)) continue;
        const by = siblingValue(source, calls, call, key, param) ?? convertedLocal(nodes, param, spanOf(call)[0]);
        if (!by) continue;
        await tree.write(culprit.file, replaceRange(source, ...spanOf(property), `${key}: ${by}`));
        const at = `${culprit.file}:${lineOf(source, spanOf(property)[0])}`;
        yield {
          key: siteKey(ID, culprit.file, lineOf(source, spanOf(property)[0])),
          summary: `filter ${textOf(source, call['callee'] as EsNode)} by ${key}: ${by}, not the raw ${param} (${at})`,
          template: { recipe: ID, from: param, to: by },
        };
        return;
      }
    }
  },
};

// The local a call's (awaited) result is kept in: `const rows = await db.x.findMany(…)`.
function boundName(ancestors: readonly EsNode[]): string | undefined {
  const up = [...ancestors].reverse();
  const declarator = up[0]?.type === 'AwaitExpression' ? up[1] : up[0];
  const id = declarator?.type === 'VariableDeclarator' ? (declarator['id'] as EsNode) : undefined;
  return id?.type === 'Identifier' ? (id['name'] as string) : undefined;
}

// The parameter is handed to a conversion somewhere in the function: it is a number as text.
function converted(calls: readonly EsNode[], param: string): boolean {
  return calls.some((c) => {
    const callee = c['callee'] as EsNode;
    const name = callee.type === 'Identifier' ? (callee['name'] as string) : undefined;
    const first = (c['arguments'] as EsNode[])[0];
    return !!name && CONVERTS.test(name) && first?.type === 'Identifier' && first['name'] === param;
  });
}

// What an earlier call of the same method gives the same key (`findMany({ gateId: gate.id })`).
function siblingValue(
  source: string,
  calls: readonly EsNode[],
  call: EsNode,
  key: string,
  param: string,
): string | undefined {
  const method = methodName(call);
  const values = new Set<string>();
  for (const other of calls) {
    if (other === call || methodName(other) !== method || spanOf(other)[0] >= spanOf(call)[0]) continue;
    const where = (other['arguments'] as EsNode[])[0];
    if (where?.type !== 'ObjectExpression') continue;
    for (const p of where['properties'] as EsNode[]) {
      if (p.type !== 'Property' || keyName(p['key'] as EsNode) !== key) continue;
      const text = textOf(source, p['value'] as EsNode);
      if (text !== param) values.add(text);
    }
  }
  return values.size === 1 ? [...values][0] : undefined;
}

// `const id = Number(idParam)`: the one local the parameter is converted into before the lookup.
function convertedLocal(nodes: readonly { node: EsNode }[], param: string, before: number): string | undefined {
  const locals = nodes
    .map(({ node: n }) => n)
    .filter((n) => n.type === 'VariableDeclarator' && (n['id'] as EsNode).type === 'Identifier')
    .filter((n) => spanOf(n)[1] <= before)
    .filter((n) => {
      const init = n['init'] as EsNode | null;
      return init?.type === 'CallExpression' && converted([init], param);
    })
    .map((n) => (n['id'] as EsNode)['name'] as string);
  return locals.length === 1 ? locals[0] : undefined;
}

function methodName(call: EsNode): string | undefined {
  const callee = call['callee'] as EsNode;
  const property = callee.type === 'MemberExpression' ? (callee['property'] as EsNode) : callee;
  return property.type === 'Identifier' ? (property['name'] as string) : undefined;
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}
