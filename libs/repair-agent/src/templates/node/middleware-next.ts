import { indentAt, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { linesOf, parseFile, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction, propertyName } from './object-keys.js';

const ID = 'node.middleware-next';

/** The `res` methods that send the answer (`res.status(…)` alone does not). */
const ANSWERS = new Set(['json', 'send', 'end', 'sendStatus', 'redirect', 'render', 'sendFile', 'download', 'jsonp']);

/**
 * A request that never gets an answer (`timeout`) because a middleware in front of its handler
 * (`router.get('/', paginate, list)`, or a `use` of the route's file before it) has a path that
 * falls off its end without calling `next` or answering: `function paginate(req, res, next) { if
 * (bad) return next(err); req.page = …; }`. Evidence: the middleware, a `(req, res, next)`
 * function, has a path from its start to its end along which nothing names `next` nor calls an
 * answering `res` method (json, send, end…), and no path reaches the end having answered (calling
 * `next` then would answer twice). Fix: `next();` at the end of its body, so the handler runs.
 * Never on the handler itself, an error middleware (four parameters), or a middleware made by a
 * call (`auth('admin')`) the index cannot see into.
 */
export const nodeMiddlewareNext: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'call next() where a middleware in front of a hanging route falls off its end',
  evidence: { kinds: ['timeout'] },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const seen = new Set<string>();
    for (const endpoint of cause.endpoints) {
      const route = await findJsRoute(project, endpoint);
      if (!route?.call?.handlerArg) continue;
      for (const ref of await middlewaresOf(tree, route.file, route.call.line, route.call.handlerArg.start)) {
        const found = await middlewareFunction(project, tree, route.file, ref);
        const source = found ? await tree.read(found.file) : null;
        if (!found || source === null || seen.has(`${found.file}:${spanOf(found.fn)[0]}`)) continue;
        seen.add(`${found.file}:${spanOf(found.fn)[0]}`);
        const at = fallThroughEnd(found.fn);
        if (at === undefined) continue;
        const next = (found.fn['params'] as EsNode[])[2]!['name'] as string;
        const last = ((found.fn['body'] as EsNode)['body'] as EsNode[]).at(-1)!;
        await tree.write(found.file, replaceRange(source, at, at, `\n${indentAt(source, spanOf(last)[0])}${next}();`));
        const line = linesOf(found.fn)[0];
        yield {
          key: siteKey(ID, found.file, line),
          summary: `call ${next}() where a middleware of ${endpoint} falls off its end (${found.file}:${line})`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// The arguments before the handler of the route's registration call (paths aside), then the
// arguments of pathless `use` calls on the same target earlier in the file.
async function middlewaresOf(tree: SourceTree, file: string, line: number, handlerStart: number): Promise<EsNode[]> {
  const source = await tree.read(file);
  const program = source === null ? null : parseFile(file, source);
  if (!program) return [];
  const call = [...walk(program)].find(
    ({ node }) =>
      node.type === 'CallExpression' &&
      linesOf(node)[0] === line &&
      (node['arguments'] as EsNode[]).some((a) => spanOf(a)[0] === handlerStart),
  )?.node;
  const callee = call?.['callee'] as EsNode | undefined;
  if (!call || callee?.type !== 'MemberExpression') return [];
  const target = textOf(source!, callee['object'] as EsNode);
  const before = (call['arguments'] as EsNode[]).filter((a) => spanOf(a)[0] < handlerStart);
  const uses = [...walk(program)]
    .map(({ node }) => node)
    .filter((n) => n.type === 'CallExpression' && linesOf(n)[0] < line && propertyName(n['callee'] as EsNode) === 'use')
    .filter((n) => textOf(source!, (n['callee'] as EsNode)['object'] as EsNode) === target)
    .map((n) => n['arguments'] as EsNode[])
    // A `use` with a path of its own (`router.use('/admin', auth)`) may not be on this route's way.
    .filter((args) => args[0]?.type !== 'Literal' && args[0]?.type !== 'TemplateLiteral')
    .flat();
  return [...before, ...uses].filter(callable);
}

const callable = (n: EsNode): boolean => n.type === 'Identifier' || n.type === 'MemberExpression' || isFunction(n);

// The function a middleware argument is: written inline, or a name the project defines.
async function middlewareFunction(
  project: NodeProject,
  tree: SourceTree,
  file: string,
  ref: EsNode,
): Promise<{ file: string; fn: EsNode } | undefined> {
  if (isFunction(ref)) return { file, fn: ref };
  const source = await tree.read(file);
  const resolved = source === null ? undefined : await resolveFunction(project, file, textOf(source, ref));
  const text = resolved ? await tree.read(resolved.file) : null;
  const program = resolved && text !== null ? parseFile(resolved.file, text) : null;
  const fn = program
    ? [...walk(program)].find(({ node }) => isFunction(node) && spanOf(node)[0] === resolved!.fn.start)?.node
    : undefined;
  return fn && resolved ? { file: resolved.file, fn } : undefined;
}

interface Flow {
  /** Some path gets here having neither answered nor called `next`. */
  readonly clean: boolean;
  /** Some path gets here having answered or handed on. */
  readonly settled: boolean;
}

// Where `next();` goes (after the body's last statement), when only clean paths reach the end.
function fallThroughEnd(fn: EsNode): number | undefined {
  const params = fn['params'] as EsNode[];
  const body = fn['body'] as EsNode;
  if (params.length !== 3 || params.some((p) => p.type !== 'Identifier') || body.type !== 'BlockStatement') return;
  const statements = body['body'] as EsNode[];
  if (statements.length === 0) return undefined;
  const names = { res: params[1]!['name'] as string, next: params[2]!['name'] as string };
  const end = sequence(statements, { clean: true, settled: false }, names);
  return end.clean && !end.settled ? spanOf(statements.at(-1)!)[1] : undefined;
}

type Names = { readonly res: string; readonly next: string };

function sequence(statements: readonly EsNode[], flow: Flow, names: Names): Flow {
  return statements.reduce((f, s) => after(s, f, names), flow);
}

// The paths after one statement; a construct not followed (a loop, a switch, a finally) that answers
// or hands on anywhere counts as settling, so the template stays silent on it.
function after(statement: EsNode, flow: Flow, names: Names): Flow {
  if (!flow.clean && !flow.settled) return flow;
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement')
    return { clean: false, settled: false };
  if (statement.type === 'BlockStatement') return sequence(statement['body'] as EsNode[], flow, names);
  if (statement.type === 'IfStatement' && !settles(statement['test'] as EsNode, names)) {
    const yes = after(statement['consequent'] as EsNode, flow, names);
    const alternate = statement['alternate'] as EsNode | null;
    const no = alternate ? after(alternate, flow, names) : flow;
    return { clean: yes.clean || no.clean, settled: yes.settled || no.settled };
  }
  if (statement.type === 'TryStatement' && !statement['finalizer']) {
    // `try { req.user = await load(); } catch (e) { return next(e); }`: the catch starts from any
    // point of the try block, so from the state before it (what the block settled is in `done`).
    const done = after(statement['block'] as EsNode, flow, names);
    const handler = statement['handler'] as EsNode | null;
    const caught = handler
      ? after(handler['body'] as EsNode, { clean: flow.clean, settled: done.settled }, names)
      : done;
    return { clean: done.clean || caught.clean, settled: done.settled || caught.settled };
  }
  return settles(statement, names) ? { clean: false, settled: flow.settled || flow.clean } : flow;
}

// Names `next` at all (called, passed on, `.catch(next)`), calls an answering `res` method, or
// hands `res` to another function (a helper that answers).
function settles(node: EsNode, names: Names): boolean {
  for (const { node: n } of walk(node)) {
    if (n.type === 'Identifier' && n['name'] === names.next) return true;
    if (n.type !== 'CallExpression') continue;
    const args = n['arguments'] as EsNode[];
    if (args.some((a) => a.type === 'Identifier' && a['name'] === names.res)) return true;
    const callee = n['callee'] as EsNode;
    if (callee.type === 'MemberExpression' && ANSWERS.has(propertyName(callee) ?? '') && rootOf(callee) === names.res)
      return true;
  }
  return false;
}

function rootOf(node: EsNode): string | null {
  let n = node;
  while (n.type === 'MemberExpression' || n.type === 'CallExpression')
    n = (n.type === 'MemberExpression' ? n['object'] : n['callee']) as EsNode;
  return n.type === 'Identifier' ? (n['name'] as string) : null;
}
