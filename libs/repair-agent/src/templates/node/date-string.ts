import { replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { enclosingStatement, parseFile, pathOf, spanOf, textOf, walk, linesOf, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { validatedCandidates, validatedDate } from './date-validated.js';

const ID = 'node.date-string';

/**
 * Date.prototype methods no string or number has: calling one on a value that is not a Date
 * fails as `x.getTime is not a function`.
 */
export const DATE_METHODS = new Set([
  'getTime',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDay',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  'getUTCFullYear',
  'getUTCMonth',
  'getUTCDate',
  'getUTCDay',
  'getUTCHours',
  'getUTCMinutes',
  'getUTCSeconds',
  'getUTCMilliseconds',
  'getTimezoneOffset',
  'toISOString',
  'toDateString',
  'toTimeString',
  'toUTCString',
  'toLocaleDateString',
  'toLocaleTimeString',
]);

/**
 * A value that is a date as text or a timestamp (an ISO string from JSON or SQL, a number) used as
 * a `Date` (`TypeError: b.cookedAt.getTime is not a function` in a sort comparator) → read it as
 * one: `new Date(b.cookedAt).getTime()`. A `Date` method is never missing on anything else the code
 * could mean, and `new Date(d)` of a real Date is the same date. Every call of a Date method on the
 * same property in the failing statement is converted (`a.cookedAt` beside `b.cookedAt`). Refused
 * when the receiver is a module-level binding (`clock.getTime`: an object of the app lacking a method).
 * First, when the receiver is a local copy of a field (`const startsAt = input.startsAt`, never
 * assigned again, no member but Date methods read on it), the copy is read as a Date where it is
 * declared (`#declaration`: `const startsAt = new Date(input.startsAt)`), so the comparisons and the
 * record that use it later get a Date too, not the text. Where the Date call (through string cuts,
 * `.slice(0, 10)`) only makes the text handed to the project's own validator of text
 * (`requireIsoDate(dto.on.toISOString().slice(0, 10), 'on')`, its first parameter tested with
 * `typeof p … 'string'` and a `throw`), the validator gets the value as sent (`requireIsoDate(dto.on,
 * 'on')`): an invalid date stays its 4xx. The field's declared `Date` (in the interface the
 * parameter is typed with) becomes `string` (`#validated-type`); without it (`#validated`) only when
 * the validator takes any value, so the build type-checks either way; else no candidate.
 */
export const nodeDateString: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a date held as text or a number as a Date before calling a Date method on it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const m = /^(.+?)(?:\?)?\.([A-Za-z]+) is not a function$/.exec(exception?.message ?? '');
    if (!culprit || !m || !DATE_METHODS.has(m[2]!)) return;
    const receiver = m[1]!.replace(/\s+/g, '').replace(/\?\./g, '.');
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    const failing = [...walk(program)].find(({ node: n }) => {
      const [first, last] = linesOf(n);
      return (
        isDateCall(n) &&
        first <= culprit.line &&
        culprit.line <= last &&
        textOf(source, callee(n)['object'] as EsNode)
          .replace(/\s+/g, '')
          .replace(/\?\./g, '.') === receiver
      );
    });
    if (!failing) return;
    const object = callee(failing.node)['object'] as EsNode;
    const at = `(${culprit.file}:${culprit.line})`;
    // Text the project's own validator checks: hand it the text as sent, and none of the Date readings
    // below (`new Date(x).toISOString()` throws a RangeError, a 500, on the invalid date it must refuse).
    const validated = await validatedDate(failing.node, failing.ancestors, source, culprit.file, tree);
    if (validated) {
      yield* validatedCandidates(tree, culprit.file, validated, at, ID);
      return;
    }
    // A bare module-level binding (`clock.getTime`) is an object of the app's, not a date value.
    const module = (await node.modules()).get(culprit.file);
    const bare = object.type === 'Identifier' ? (object['name'] as string) : null;
    if (
      bare &&
      module &&
      (module.imports.some((i) => i.names.some((n) => n.local === bare)) || module.defs.some((d) => d.name === bare))
    )
      return;
    // A local copy of the value (`const startsAt = input.startsAt`) read as a Date from its
    // declaration: every later use (a comparison, the stored record) then sees the Date too.
    const fn = [...failing.ancestors].reverse().find(isFunction);
    const declared = bare && fn ? dateOnlyLocal(fn, bare) : null;
    if (declared) {
      const [start, end] = spanOf(declared);
      await tree.write(culprit.file, replaceRange(source, start, end, `new Date(${textOf(source, declared)})`));
      yield {
        key: `${ID}#declaration`,
        summary: `declare ${bare} as a Date (new Date(${textOf(source, declared)})) before .${m[2]}() ${at}`,
        template: { recipe: `${ID}#declaration` },
      };
    }
    const property = lastProperty(object);
    const statement = enclosingStatement(failing.node, failing.ancestors) ?? failing.node;
    // The failing receiver, and every receiver of a Date method reading the same property in the statement.
    const receivers = [...walk(statement)]
      .map(({ node: n }) => n)
      .filter((n) => isDateCall(n))
      .map((n) => callee(n)['object'] as EsNode)
      .filter((o) => o === object || (property !== null && lastProperty(o) === property))
      .filter((o) => !(o.type === 'NewExpression' && pathOf(o['callee'] as EsNode) === 'Date'))
      .sort((a, b) => spanOf(b)[0] - spanOf(a)[0]);
    let patched = source;
    for (const o of receivers) {
      const [start, end] = spanOf(o);
      patched = replaceRange(patched, start, end, `new Date(${source.slice(start, end)})`);
    }
    await tree.write(culprit.file, patched);
    yield {
      key: ID,
      summary: `read ${receivers.map((o) => textOf(source, o)).join(', ')} as a Date before .${m[2]}() ${at}`,
      template: { recipe: ID },
    };
  },
};

function callee(call: EsNode): EsNode {
  return call['callee'] as EsNode;
}

// `x.getTime()` / `x?.getTime()`: a call of a Date method on a receiver.
function isDateCall(n: EsNode): boolean {
  if (n.type !== 'CallExpression') return false;
  const c = callee(n);
  if (c.type !== 'MemberExpression' || c['computed']) return false;
  const property = c['property'] as EsNode;
  return property.type === 'Identifier' && DATE_METHODS.has(property['name'] as string);
}

// `cookedAt` of `b.cookedAt` / `b?.cookedAt`; null for anything else.
function lastProperty(n: EsNode): string | null {
  const inner = n.type === 'ChainExpression' ? (n['expression'] as EsNode) : n;
  if (inner.type !== 'MemberExpression' || inner['computed']) return null;
  const property = inner['property'] as EsNode;
  return property.type === 'Identifier' ? (property['name'] as string) : null;
}

// `const name = x.y` in the function, never assigned again, only ever used as a Date (any member
// it reads is a Date method; never tested for presence or identity): the initialiser, a member read
// (not a Date already); else null.
function dateOnlyLocal(fn: EsNode, name: string): EsNode | null {
  let init: EsNode | null = null;
  for (const { node, ancestors } of walk(fn)) {
    if (node.type === 'VariableDeclarator') {
      const id = node['id'] as EsNode;
      if (id.type !== 'Identifier' || id['name'] !== name) continue;
      if (init || ancestors.at(-1)?.['kind'] !== 'const') return null;
      init = node['init'] as EsNode;
      if (init?.type !== 'MemberExpression') return null;
    } else if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const target = (node['left'] ?? node['argument']) as EsNode;
      if (target.type === 'Identifier' && target['name'] === name) return null;
    } else if (node.type === 'MemberExpression' && pathOf(node['object'] as EsNode) === name) {
      const property = node['property'] as EsNode;
      if (node['computed'] || !DATE_METHODS.has(property['name'] as string)) return null;
    } else if (node.type === 'Identifier' && node['name'] === name && testsPresence(node, ancestors.at(-1))) {
      return null;
    }
  }
  return init;
}

// A use that means "is it there" or "is it this one" (`if (!startsAt)`, `startsAt && …`,
// `b.startsAt === startsAt`): `new Date(undefined)` is a truthy Invalid Date and no two Dates are
// `===`, so the declaration would turn such a check off. Such a local is converted where it is used.
function testsPresence(node: EsNode, parent: EsNode | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'UnaryExpression':
      return parent['operator'] === '!' || parent['operator'] === 'typeof';
    case 'CallExpression':
      return (parent['callee'] as EsNode).type === 'Identifier' && (parent['callee'] as EsNode)['name'] === 'Boolean';
    case 'LogicalExpression':
      return true;
    case 'IfStatement':
    case 'ConditionalExpression':
    case 'WhileStatement':
      return parent['test'] === node;
    case 'BinaryExpression':
      return ['===', '!==', '==', '!=', 'instanceof'].includes(parent['operator'] as string);
    default:
      return false;
  }
}
