import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, statementLines, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.back-reference-loop';
// V8 names the property that closes the circle last: `--- property 'station' closes the circle`.
const CLOSING = /--- property '([^']+)' closes the circle/;

/**
 * `TypeError: Converting circular structure to JSON` closed by a back-reference a loop sets on each
 * item of a record's own collection (`station.punts.forEach((p) => { p.station = station; })`):
 * every item points at the record holding it, so the record's JSON runs round the circle → the
 * assignment goes (the loop with it when nothing else is in it). Likewise a map that makes the
 * items with the back-reference in them (`station.punts = rows.map((p) => ({ ...p, station }))`):
 * the entry goes, the items keep every other field. Evidence,
 * all required: the message names the property closing the circle; the loop iterates (or the map
 * is assigned to) a member path of the very record the items point at; and no project source reads
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
    const sites: { file: string; source: string; site: Site }[] = [];
    let reads = 0;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes(property)) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      for (const { node } of walk(program)) {
        if (propertyName(node) === property) reads += 1;
        const site = backReference(node, property) ?? mappedBackReference(node, property);
        if (site) sites.push({ file, source, site });
      }
    }
    // A loop's assignment is one member read of the property; any other read keeps the circle's reason.
    const own = sites.filter(({ site }) => site.kind === 'loop').length;
    if (sites.length !== 1 || reads !== own) return;
    const { file, source, site } = sites[0]!;
    const edited =
      site.kind === 'loop'
        ? replaceRange(source, ...statementLines(source, site.alone ? site.loop : site.assignment), '')
        : replaceRange(source, ...propertySpan(site.literal, site.entry), '');
    await tree.write(file, edited);
    const line = linesOf(site.kind === 'loop' ? site.assignment : site.entry)[0];
    yield {
      key: siteKey(ID, file, line),
      summary: `drop the back-reference .${property} that closes a JSON circle (${file}:${line})`,
      template: { recipe: ID },
    };
  },
};

/** Where a back-reference is set: a loop's assignment, or an entry of the literal a map makes. */
type Site =
  | { kind: 'loop'; loop: EsNode; assignment: EsNode; alone: boolean }
  | { kind: 'mapped'; literal: EsNode; entry: EsNode };

// A loop statement (`xs.forEach(cb);` or `for (const x of xs)`) whose body sets `x.<property> = r`,
// `xs` a member path of `r`: the assignment's statement, and whether it is all the body holds.
function backReference(loop: EsNode, property: string): Site | undefined {
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
    return { kind: 'loop', loop, assignment: statement, alone: statements.length === 1 };
  }
  return undefined;
}

// `r.items = xs.map((x) => ({ …, <property>: r }))`: each item the map makes points back at `r`.
function mappedBackReference(statement: EsNode, property: string): Site | undefined {
  const assignment = statement.type === 'ExpressionStatement' ? (statement['expression'] as EsNode) : undefined;
  if (assignment?.type !== 'AssignmentExpression' || assignment['operator'] !== '=') return undefined;
  const target = pathOf(assignment['left'] as EsNode);
  const call = assignment['right'] as EsNode;
  const callee = call.type === 'CallExpression' ? (call['callee'] as EsNode) : undefined;
  const callback = call.type === 'CallExpression' ? (call['arguments'] as EsNode[])[0] : undefined;
  if (!target?.includes('.') || !callee || propertyName(callee) !== 'map' || !callback || !isFunction(callback))
    return undefined;
  const literal = returnedLiteral(callback['body'] as EsNode);
  const entry = (literal?.['properties'] as EsNode[] | undefined)?.find(
    (p) => p.type === 'Property' && !p['computed'] && keyName(p['key'] as EsNode) === property,
  );
  const value = entry?.['value'] as EsNode | undefined;
  if (!literal || !entry || value?.type !== 'Identifier') return undefined;
  return target.startsWith(`${value['name'] as string}.`) ? { kind: 'mapped', literal, entry } : undefined;
}

// The object literal a callback body answers: `=> ({ … })`, or `{ return { … }; }` alone.
function returnedLiteral(body: EsNode): EsNode | undefined {
  if (body.type === 'ObjectExpression') return body;
  const statements = body.type === 'BlockStatement' ? (body['body'] as EsNode[]) : [];
  const last = statements.at(-1);
  const returned = last?.type === 'ReturnStatement' ? (last['argument'] as EsNode | null) : null;
  return returned?.type === 'ObjectExpression' ? returned : undefined;
}

// The entry with the comma that joins it to its neighbour (the one before it, else the one after).
function propertySpan(literal: EsNode, entry: EsNode): [number, number] {
  const entries = literal['properties'] as EsNode[];
  const index = entries.indexOf(entry);
  const before = entries[index - 1];
  const after = entries[index + 1];
  if (before) return [spanOf(before)[1], spanOf(entry)[1]];
  return [spanOf(entry)[0], after ? spanOf(after)[0] : spanOf(entry)[1]];
}
