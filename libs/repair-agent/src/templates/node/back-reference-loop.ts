import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, pathOf, statementLines, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.back-reference-loop';
// V8 names the property that closes the circle last: `--- property 'station' closes the circle`.
const CLOSING = /--- property '([^']+)' closes the circle/;

/**
 * `TypeError: Converting circular structure to JSON` closed by a back-reference a loop sets on each
 * item of a record's own collection (`station.punts.forEach((p) => { p.station = station; })`):
 * every item points at the record holding it, so the record's JSON runs round the circle → the
 * assignment goes (the loop with it when nothing else is in it). Evidence, all required: the
 * message names the property closing the circle; the loop iterates a member path of the very
 * record assigned (`station.punts`, `for (const p of station.punts)`); and no project source reads
 * that property anywhere else, so nothing depends on the back-reference.
 */
export const nodeBackReferenceLoop: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'drop the back-reference a loop sets on the items of a record it answers with',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'] },
  async *candidates({ exception, tree }) {
    const message = exception?.message ?? '';
    const property = CLOSING.exec(message)?.[1];
    if (!property || !/circular structure to JSON/.test(message)) return;
    const sites: { file: string; source: string; loop: EsNode; assignment: EsNode; alone: boolean }[] = [];
    let reads = 0;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes(`.${property}`)) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node } of walk(program)) {
        if (propertyName(node) === property) reads += 1;
        const site = backReference(node, property);
        if (site) sites.push({ file, source, ...site });
      }
    }
    // Each site's assignment is one member read of the property; any other read keeps the circle's reason.
    if (sites.length !== 1 || reads !== 1) return;
    const { file, source, loop, assignment, alone } = sites[0]!;
    const [from, to] = statementLines(source, alone ? loop : assignment);
    await tree.write(file, replaceRange(source, from, to, ''));
    const line = linesOf(assignment)[0];
    yield {
      key: siteKey(ID, file, line),
      summary: `drop the back-reference .${property} that closes a JSON circle (${file}:${line})`,
      template: { recipe: ID },
    };
  },
};

// A loop statement (`xs.forEach(cb);` or `for (const x of xs)`) whose body sets `x.<property> = r`,
// `xs` a member path of `r`: the assignment's statement, and whether it is all the body holds.
function backReference(
  loop: EsNode,
  property: string,
): { loop: EsNode; assignment: EsNode; alone: boolean } | undefined {
  let item: string | undefined;
  let iterated: string | null = null;
  let body: EsNode | undefined;
  if (loop.type === 'ExpressionStatement') {
    const call = loop['expression'] as EsNode;
    const callee = call.type === 'CallExpression' ? (call['callee'] as EsNode) : undefined;
    const callback = call.type === 'CallExpression' ? (call['arguments'] as EsNode[])[0] : undefined;
    if (!callee || propertyName(callee) !== 'forEach' || !callback || !isFunction(callback)) return undefined;
    const param = (callback['params'] as EsNode[])[0];
    item = param?.type === 'Identifier' ? (param['name'] as string) : undefined;
    iterated = pathOf(callee['object'] as EsNode);
    body = callback['body'] as EsNode;
  } else if (loop.type === 'ForOfStatement') {
    const left = loop['left'] as EsNode;
    const declared = left.type === 'VariableDeclaration' ? (left['declarations'] as EsNode[])[0]?.['id'] : undefined;
    item =
      (declared as EsNode | undefined)?.type === 'Identifier' ? ((declared as EsNode)['name'] as string) : undefined;
    iterated = pathOf(loop['right'] as EsNode);
    body = loop['body'] as EsNode;
  }
  if (!item || !iterated || !body) return undefined;
  const statements = body.type === 'BlockStatement' ? (body['body'] as EsNode[]) : [body];
  for (const statement of statements) {
    const expression = statement.type === 'ExpressionStatement' ? (statement['expression'] as EsNode) : statement;
    if (expression.type !== 'AssignmentExpression' || expression['operator'] !== '=') continue;
    const target = expression['left'] as EsNode;
    const value = expression['right'] as EsNode;
    if (propertyName(target) !== property || pathOf(target) !== `${item}.${property}`) continue;
    if (value.type !== 'Identifier' || !iterated.startsWith(`${value['name'] as string}.`)) continue;
    return { loop, assignment: statement, alone: statements.length === 1 };
  }
  return undefined;
}
