import type { AnyNode, ArrayExpression, Expression, Node, ObjectExpression, Pattern, Program } from 'acorn';
import { simple } from 'acorn-walk';
import { keyName, memberText, stringValue } from './js-ast.js';
import type { JsMount } from './js-module.js';

// Mounts made in a loop over a table of the module (`for (const [prefix, r] of modules)
// router.use(prefix, r)`, `modules.forEach(({ path, router }) => app.use(path, router))`,
// `Object.entries({ '/a': a })`, `app.use(prefix, factory(container))` over a table of router
// factories): one mount per entry, with the entry's path and router, so the
// route index serves what the table lists. A loop it cannot read leaves the mount as written.

/** Where one component of an entry sits: the n-th item of a tuple, or an object key. */
type Slot = { readonly index: number } | { readonly key: string };

/**
 * The mounts a `use(a, b)` call makes for each entry of the table its loop runs through, or null
 * when the call is not in such a loop (or the table is not a literal the module states once).
 */
export function tableMounts(
  mount: JsMount,
  call: AnyNode,
  ancestors: readonly Node[],
  program: Program,
  argText: (n: Expression) => string,
): JsMount[] | null {
  if (mount.kind !== 'use' || mount.prefix !== null || call.type !== 'CallExpression' || call.arguments.length !== 2)
    return null;
  const [prefixArg, routerArg] = call.arguments as Expression[];
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const loop = loopOver(ancestors[i] as AnyNode, ancestors[i + 1] as AnyNode | undefined);
    if (!loop) continue;
    const prefixSlot = slotOf(loop.pattern, prefixArg!);
    // `app.use(prefix, factory(container))`: the entry holds the factory making the router.
    const made = routerArg!.type === 'CallExpression' && routerArg.callee.type === 'Identifier';
    const routerSlot = slotOf(loop.pattern, made ? (routerArg.callee as Expression) : routerArg!);
    if (!prefixSlot || !routerSlot) return null;
    const table = loop.table.type === 'Identifier' ? declaredLiteral(program, loop.table.name) : loop.table;
    if (!table) return null;
    const entries = tableEntries(table, loop.entries);
    if (!entries || entries.length === 0) return null;
    const mounts: JsMount[] = [];
    for (const entry of entries) {
      const prefixNode = pick(entry, prefixSlot);
      const routerNode = pick(entry, routerSlot);
      const prefix = stringValue(prefixNode);
      if (!prefixNode || !routerNode || prefix === null || !prefix.startsWith('/')) return null;
      mounts.push({
        ...mount,
        prefix,
        args: [made ? `call:${argText(routerNode)}` : argText(routerNode)],
        entry: {
          start: entry.start,
          end: entry.end,
          prefix: { start: prefixNode.start, end: prefixNode.end },
          arg: { start: routerNode.start, end: routerNode.end },
          tableEnd: table.end,
        },
      });
    }
    return mounts;
  }
  return null;
}

interface Loop {
  readonly pattern: Pattern;
  readonly table: Expression;
  /** `Object.entries(table)`: the table is an object, each property one [key, value] entry. */
  readonly entries: boolean;
}

// `for (const P of T) …` or `T.forEach((P) => …)` around `child` (the ancestor below `node`).
function loopOver(node: AnyNode, child: AnyNode | undefined): Loop | null {
  if (
    node.type === 'ForOfStatement' &&
    child === node.body &&
    node.left.type === 'VariableDeclaration' &&
    node.left.declarations.length === 1
  ) {
    return unwrap(node.left.declarations[0]!.id, node.right);
  }
  if (
    node.type === 'CallExpression' &&
    (child?.type === 'ArrowFunctionExpression' || child?.type === 'FunctionExpression') &&
    node.arguments[0] === child &&
    child.params.length >= 1 &&
    node.callee.type === 'MemberExpression' &&
    !node.callee.computed &&
    keyName(node.callee.property as Expression) === 'forEach'
  ) {
    return unwrap(child.params[0]!, node.callee.object as Expression);
  }
  return null;
}

function unwrap(pattern: Pattern, right: Expression): Loop | null {
  // `Object.entries(T)`
  if (
    right.type === 'CallExpression' &&
    memberText(right.callee as Expression) === 'Object.entries' &&
    right.arguments.length === 1
  ) {
    const table = right.arguments[0] as Expression;
    return table.type === 'Identifier' || table.type === 'ObjectExpression' ? { pattern, table, entries: true } : null;
  }
  return right.type === 'Identifier' || right.type === 'ArrayExpression'
    ? { pattern, table: right, entries: false }
    : null;
}

// Where a `use` argument comes from in the loop's pattern: `[p, r]` → index, `{ path: p }` → key,
// a whole entry `m` read as `m.path` / `m[0]`.
function slotOf(pattern: Pattern, arg: Expression): Slot | null {
  if (pattern.type === 'ArrayPattern' && arg.type === 'Identifier') {
    const index = pattern.elements.findIndex((e) => e?.type === 'Identifier' && e.name === arg.name);
    return index >= 0 ? { index } : null;
  }
  if (pattern.type === 'ObjectPattern' && arg.type === 'Identifier') {
    for (const p of pattern.properties) {
      if (p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === arg.name) {
        const key = keyName(p.key, p.computed);
        return key === null ? null : { key };
      }
    }
    return null;
  }
  if (
    pattern.type === 'Identifier' &&
    arg.type === 'MemberExpression' &&
    arg.object.type === 'Identifier' &&
    arg.object.name === pattern.name
  ) {
    if (!arg.computed) {
      const key = keyName(arg.property as Expression);
      return key === null ? null : { key };
    }
    const index = arg.property.type === 'Literal' && typeof arg.property.value === 'number' ? arg.property.value : -1;
    return index >= 0 ? { index } : null;
  }
  return null;
}

// The literal a name is declared with, when the module declares that name exactly once.
function declaredLiteral(program: Program, name: string): ArrayExpression | ObjectExpression | null {
  const found: (Expression | null | undefined)[] = [];
  simple(program, {
    VariableDeclarator(node) {
      if (node.id.type === 'Identifier' && node.id.name === name) found.push(node.init);
    },
  });
  const init = found.length === 1 ? found[0] : null;
  return init && (init.type === 'ArrayExpression' || init.type === 'ObjectExpression') ? init : null;
}

// Each entry as the tuple or object the loop's pattern reads; `Object.entries` entries as `[key, value]`.
function tableEntries(table: Expression, entries: boolean): AnyNode[] | null {
  if (entries) {
    if (table.type !== 'ObjectExpression') return null;
    return table.properties.every((p) => p.type === 'Property' && !p.computed) ? (table.properties as AnyNode[]) : null;
  }
  if (table.type !== 'ArrayExpression' || table.elements.some((e) => !e || e.type === 'SpreadElement')) return null;
  return table.elements as AnyNode[];
}

function pick(entry: AnyNode, slot: Slot): Expression | undefined {
  if (entry.type === 'Property') {
    // An `Object.entries` entry: [key, value].
    if (!('index' in slot)) return undefined;
    return (slot.index === 0 ? entry.key : slot.index === 1 ? entry.value : undefined) as Expression | undefined;
  }
  if ('index' in slot)
    return entry.type === 'ArrayExpression'
      ? ((entry.elements[slot.index] ?? undefined) as Expression | undefined)
      : undefined;
  if (entry.type !== 'ObjectExpression') return undefined;
  const property = entry.properties.find((p) => p.type === 'Property' && keyName(p.key, p.computed) === slot.key);
  return property?.type === 'Property' ? (property.value as Expression) : undefined;
}
