import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { documentedMapper } from './documented-mapper.js';
import { keyName, linesOf, parseFile, spanOf, statementLines, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.mutated-record-cycle';
const SENDERS = new Set(['json', 'send', 'jsonp']);
// V8 names the cycle's first step: `--> starting at object …` then `|     property 'pets' -> …`.
const CYCLE_START = /--> starting at object with constructor '[^']*'\s*\n\s*\|\s+property '([^']+)'/;

/**
 * `TypeError: Converting circular structure to JSON` where the answer's object starts the circle
 * at a property the code set on a record it looked up (`owner.pets = pets; return owner;`): the
 * stored record itself is mutated, and each of its pets already points back at it (`pet.owner`),
 * so the record now runs round the circle, in this answer and in every later one that reads it
 * → the answer is a copy carrying the property, and the store is left as it was:
 * `return { ...owner, pets };`. Evidence, all required: the message names the property the
 * circle starts at (log-parser keeps V8's cycle lines); a function assigns exactly that property
 * on a local holding a looked-up value (not a literal it built) or on a parameter, and the next
 * statement that reads the local returns it or sends it whole as the response (`res.json(owner)`),
 * nothing in between reading the local or the assigned value's name; or the function returns (or
 * sends) `Object.assign(record, { dock, vessel })`, the literal naming that property → the same
 * copy, `{ ...record, dock, vessel }`. Never a `"[Circular]"`
 * placeholder: that answers 200 with the cycle cut at an arbitrary point and the store still wrong.
 */
export const nodeMutatedRecordCycle: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'a looked-up record given a list whose items point back at it → answer a copy with the list',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'] },
  async *candidates({ exception, tree, operation }) {
    const property = CYCLE_START.exec(exception?.message ?? '')?.[1];
    if (!property || !/circular structure to JSON/.test(exception?.message ?? '')) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      if (source === null || !source.includes(`.${property}`)) continue;
      const program = parseFile(file, source);
      if (!program) continue;
      // The project's own mapper to the documented shape drops the members that run back (`dock.bookings`).
      const mapper = source.includes('Object.assign')
        ? await documentedMapper(tree, file, program, operation, property)
        : null;
      for (const { node: fn } of walk(program)) {
        if (!isFunction(fn)) continue;
        for (const site of assignedCopies(fn, property, source, mapper)) {
          const [start, end] = spanOf(site.call);
          await tree.write(file, replaceRange(source, start, end, site.copy));
          yield {
            key: siteKey(ID, file, linesOf(site.call)[0]),
            summary:
              `answer a copy of ${site.record} with its ${property} instead of Object.assign-ing ${property} onto ` +
              `the record itself, whose ${property} point back at it (${file}:${linesOf(site.call)[0]})`,
            template: { recipe: ID, mode: 'object-assign' },
          };
        }
        for (const site of mutations(fn, property, source)) {
          const copy = `{ ...${site.record}, ${site.value === property ? property : `${property}: ${site.value}`} }`;
          const [useStart, useEnd] = spanOf(site.use);
          const [from, to] = statementLines(source, site.assignment);
          await tree.write(file, replaceRange(replaceRange(source, useStart, useEnd, copy), from, to, ''));
          yield {
            key: siteKey(ID, file, linesOf(site.assignment)[0]),
            summary:
              `answer a copy of ${site.record} with its ${property} instead of setting ${property} on the ` +
              `record itself, whose ${property} point back at it (${file}:${linesOf(site.assignment)[0]})`,
            template: { recipe: ID },
          };
        }
      }
    }
  },
};

interface Mutation {
  readonly record: string;
  readonly value: string;
  readonly assignment: EsNode;
  /** The `record` identifier of the statement that returns or sends it. */
  readonly use: EsNode;
}

// `record.property = value;` in a block of `fn`'s own, then `return record;` / `f(…, record, …);`.
function* mutations(fn: EsNode, property: string, source: string): Generator<Mutation> {
  const body = fn['body'] as EsNode;
  if (body.type !== 'BlockStatement') return;
  const statements = body['body'] as EsNode[];
  for (let i = 0; i < statements.length; i++) {
    const assignment = statements[i]!;
    const expression = assignment['expression'] as EsNode | undefined;
    if (assignment.type !== 'ExpressionStatement' || expression?.type !== 'AssignmentExpression') continue;
    const target = expression['left'] as EsNode;
    if (expression['operator'] !== '=' || target.type !== 'MemberExpression' || target['computed']) continue;
    const owner = target['object'] as EsNode;
    if (owner.type !== 'Identifier' || propertyName(target) !== property) continue;
    const record = owner['name'] as string;
    if (!lookedUp(fn, statements.slice(0, i), record)) continue;
    const value = expression['right'] as EsNode;
    const valueName = value.type === 'Identifier' ? (value['name'] as string) : null;
    const k = statements.findIndex((s, j) => j > i && reads(s, record));
    if (k < 0) continue;
    // The value moves to the later statement: only a name nothing in between touches, or no gap.
    const between = statements.slice(i + 1, k);
    if (between.length > 0 && (valueName === null || between.some((s) => reads(s, valueName)))) continue;
    const use = wholeUse(statements[k]!, record);
    if (!use) continue;
    yield { record, value: valueName ?? textOf(source, value), assignment, use };
  }
}

// A parameter of `fn`, or a local declared before the assignment from anything but a literal it built.
function lookedUp(fn: EsNode, before: readonly EsNode[], name: string): boolean {
  const params = fn['params'] as EsNode[];
  if (params.some((p) => p.type === 'Identifier' && p['name'] === name)) return true;
  for (const statement of before) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement['declarations'] as EsNode[]) {
      const id = declarator['id'] as EsNode;
      if (id.type !== 'Identifier' || id['name'] !== name) continue;
      let init = declarator['init'] as EsNode | null;
      while (init?.type === 'AwaitExpression') init = init['argument'] as EsNode;
      return !!init && !['ObjectExpression', 'ArrayExpression', 'NewExpression'].includes(init.type);
    }
  }
  return false;
}

function reads(statement: EsNode, name: string): boolean {
  return [...walk(statement)].some(({ node }) => node.type === 'Identifier' && node['name'] === name);
}

// `return record;`, or the response sent with it whole (`res.json(record)`, `res.status(200).send(record)`,
// `reply.send(record)`): a record handed to any other call (`log.debug(owner)`, `repo.save(owner)`)
// is no answer, and moving the property there would leave the answer without it.
function wholeUse(statement: EsNode, record: string): EsNode | null {
  const isRecord = (n: EsNode | null | undefined) => n?.type === 'Identifier' && n['name'] === record;
  if (statement.type === 'ReturnStatement') {
    const argument = statement['argument'] as EsNode | null;
    return isRecord(argument) ? argument : null;
  }
  let call = statement.type === 'ExpressionStatement' ? (statement['expression'] as EsNode) : null;
  if (call?.type === 'AwaitExpression') call = call['argument'] as EsNode;
  if (call?.type !== 'CallExpression') return null;
  const callee = call['callee'] as EsNode;
  if (callee.type !== 'MemberExpression' || !SENDERS.has(propertyName(callee) ?? '')) return null;
  const args = call['arguments'] as EsNode[];
  const uses = [...walk(statement)].filter(({ node }) => node.type === 'Identifier' && node['name'] === record);
  return uses.length === 1 && args.length === 1 && isRecord(args[0]) ? args[0]! : null;
}

// `return Object.assign(record, { …, property, … })` (or the response sent with it), `record` looked
// up before in `fn`'s own block: the literal's properties are copied onto the stored record.
function* assignedCopies(
  fn: EsNode,
  property: string,
  source: string,
  mapper: string | null,
): Generator<{ record: string; call: EsNode; copy: string }> {
  const body = fn['body'] as EsNode;
  if (body.type !== 'BlockStatement') return;
  const statements = body['body'] as EsNode[];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    let sent = statement.type === 'ReturnStatement' ? (statement['argument'] as EsNode | null) : null;
    if (statement.type === 'ExpressionStatement') {
      const call = statement['expression'] as EsNode;
      const callee = call.type === 'CallExpression' ? (call['callee'] as EsNode) : null;
      const args = call['arguments'] as EsNode[] | undefined;
      if (callee?.type === 'MemberExpression' && SENDERS.has(propertyName(callee) ?? '') && args?.length === 1)
        sent = args[0]!;
    }
    if (sent?.type !== 'CallExpression') continue;
    const callee = sent['callee'] as EsNode;
    const [target, added] = sent['arguments'] as EsNode[];
    if (callee.type !== 'MemberExpression' || textOf(source, callee) !== 'Object.assign') continue;
    if (
      (sent['arguments'] as EsNode[]).length !== 2 ||
      target?.type !== 'Identifier' ||
      added?.type !== 'ObjectExpression'
    )
      continue;
    const properties = added['properties'] as EsNode[];
    // A spread in the literal may bring anything; the copy must carry exactly what was assigned.
    if (
      properties.some((p) => p.type !== 'Property') ||
      !properties.some((p) => !p['computed'] && keyName(p['key'] as EsNode) === property)
    )
      continue;
    const record = target['name'] as string;
    if (!lookedUp(fn, statements.slice(0, i), record)) continue;
    const copy = `{ ...${record}, ${properties.map((p) => copied(p, property, source, mapper)).join(', ')} }`;
    yield { record, call: sent, copy };
  }
}

// A property of the assigned literal as the copy writes it: the one the circle starts at through
// the project's mapper when there is one and the value is a name (`dock: dock && toDockDto(dock)`:
// a lookup that found nothing stays absent, as before, and the mapper's parameter type still
// holds under strict TypeScript), the others as written.
function copied(p: EsNode, property: string, source: string, mapper: string | null): string {
  const value = p['value'] as EsNode;
  if (!mapper || keyName(p['key'] as EsNode) !== property || value.type !== 'Identifier') return textOf(source, p);
  const name = value['name'] as string;
  return `${property}: ${name} && ${mapper}(${name})`;
}
