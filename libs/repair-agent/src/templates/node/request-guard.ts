import { parseFile, pathOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';

/**
 * Whether the `throw` on `line` is guarded by a test on the request: the innermost `if` around
 * it reads `req.body`/`query`/`params` (the handler's first parameter) or a local derived from
 * them (`const parsed = Schema.safeParse(req.body); const data = parsed.data;` → `data.players >
 * room.maxPlayers`), within the function around the throw.
 */
export function throwGuardedByRequest(file: string, source: string, line: number, request: string): boolean {
  const program = parseFile(file, source);
  if (!program) return false;
  const found = [...walk(program)].find(({ node }) => node.type === 'ThrowStatement' && node.loc?.start.line === line);
  const test = found
    ? ([...found.ancestors].reverse().find((a) => a.type === 'IfStatement')?.['test'] as EsNode | undefined)
    : undefined;
  const fn = found ? [...found.ancestors].reverse().find(isFunction) : undefined;
  if (!found || !test || !fn) return false;
  const derived = new Set<string>();
  const reads = (text: string) =>
    new RegExp(`\\b${request}\\.(body|query|params)\\b`).test(text) ||
    [...derived].some((n) => new RegExp(`(?<![\\w$.])${n.replace(/\$/g, '\\$')}\\b`).test(text));
  // A request value, a path off one, or its parse by a schema (`Schema.safeParse(req.body)`);
  // never a lookup keyed by one (`await findShop(data.shopId)` is stored data).
  const isRequestValue = (init: EsNode): boolean => {
    const inner = init.type === 'AwaitExpression' ? (init['argument'] as EsNode) : init;
    if (inner.type === 'MemberExpression' || inner.type === 'Identifier') return reads(textOf(source, inner));
    const callee = inner.type === 'CallExpression' ? pathOf(inner['callee'] as EsNode) : null;
    return (
      !!callee &&
      /\.(parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|cast)$/.test(callee) &&
      reads(textOf(source, inner))
    );
  };
  for (const { node: d } of walk(fn)) {
    if (d.type !== 'VariableDeclarator' || !d['init'] || !isRequestValue(d['init'] as EsNode)) continue;
    const id = d['id'] as EsNode;
    if (id.type === 'Identifier') derived.add(id['name'] as string);
    if (id.type === 'ObjectPattern')
      for (const p of id['properties'] as EsNode[])
        if (p.type === 'Property' && (p['value'] as EsNode).type === 'Identifier')
          derived.add((p['value'] as EsNode)['name'] as string);
  }
  return reads(textOf(source, test));
}

/**
 * Whether `text` reads `holder.x` for a documented request property `x` other than `field`, or
 * hands `holder` with the property's name to a helper (`requireString(body, 'title')`).
 */
export function readsOtherFields(text: string, holder: string, documented: readonly string[], field: string): boolean {
  const escaped = holder.replace(/[.$]/g, (c) => `\\${c}`);
  const reads = new Set(
    [
      ...text.matchAll(new RegExp(`(?<![\\w$.])${escaped}\\.([A-Za-z_$][\\w$]*)`, 'g')),
      ...text.matchAll(new RegExp(`[\\w$]\\(\\s*${escaped}\\s*,\\s*(['"\`])([A-Za-z_$][\\w$]*)\\1`, 'g')),
    ].map((m) => m.at(-1)!),
  );
  return documented.some((name) => name !== field && reads.has(name));
}
