import type { Violation } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import type { NodeProject } from '../../node/node-project.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { closestFieldName } from '../../similarity.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { frameSources } from './frame-sources.js';
import { handlerNode } from './handler-node.js';
import { isFunction } from './object-keys.js';
import { readsOtherFields } from './request-guard.js';
import { refusedViolations } from '../shared/refusals.js';
import { refusedFieldStem } from './refusal-field-stem.js';
import { literalCopies, mappedKeyField } from './request-body-copies.js';

const ID = 'node.request-field-name';
const BODY = /^(?:req|request)\.body$/;

/**
 * The code reads a request-body field under a name the contract does not document
 * (`data.client` where the request has `clientName`), so the value is undefined and a later line
 * fails: a driver refuses to bind undefined, a NOT NULL column refuses it, `.trim()` of undefined
 * → read the documented field the name stands for (`closestFieldName`: one spelling, or the one
 * field whose words contain the name's). The body is `req.body` (or a local copy of it) in the
 * failing route's handler, the parameter a handler hands `req.body` to, or a parameter of a trace
 * frame's function that reads other documented fields. A name with no single documented field, or
 * one the code writes to the body itself, gets nothing. The same misread may instead refuse a valid
 * request: the undefined value fails the field's validation (`requirePositiveNumber(pricePerTonne,
 * 'price_per_tonne')`: 400); then only a field the refusal's text names is read (the validation
 * stays, now on the value the client sent).
 */
export const nodeRequestFieldName: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read the request field under the name the contract documents',
  evidence: { kinds: ['runtime_error', 'crash', 'status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation, node: given, exception }) {
    const body = objectShape(operation?.requestBody?.schema);
    // A name the code cannot resolve (`require is not defined`) is no value the request lacked.
    if (!body || !operation || exception?.type === 'ReferenceError') return;
    const documented = Object.keys(body.properties);
    // A valid request refused (4xx): the misread field is the one the refusal names
    // (`price_per_tonne must be a positive number` where the handler read `pricePerTonne`).
    const refusal = cause.kind === 'status_mismatch' ? refusalText(cause.violations) : null;
    if (cause.kind === 'status_mismatch' && !refusal) return;
    const project = given ?? nodeProjectFor(tree);
    const seen = new Set<string>();
    for await (const scope of scopes(project, tree, cause.trace, operation.endpoint, documented)) {
      const found = misreads(scope, documented, refusal);
      for (const site of found) {
        if (refusal !== null && !new RegExp(`\\b${site.field}\\b`).test(refusal)) continue;
        const key = siteKey(ID, scope.file, site.line);
        if (seen.has(key)) continue;
        seen.add(key);
        const source = await tree.read(scope.file);
        if (source !== scope.source) continue;
        // Every read of the name on the site's line at once: `!isInt(b.x) || b.x < 6` half renamed
        // would check one value and bound another.
        const same = found.filter((o) => o.line === site.line && o.name === site.name && o.field === site.field);
        const patched = same
          .sort((a, b) => b.start - a.start)
          .reduce((text, o) => replaceRange(text, o.start, o.end, o.text), source);
        await tree.write(scope.file, patched);
        yield {
          key,
          summary:
            `read the documented request field ${site.field} instead of ${site.name} ` + `(${scope.file}:${site.line})`,
          template: { recipe: ID, from: site.name, to: site.field },
        };
      }
    }
  },
};

interface Scope {
  readonly file: string;
  readonly source: string;
  readonly fn: EsNode;
  /** Paths that hold the request body in `fn` (`req.body`, `data`). */
  readonly holders: readonly string[];
}

// Where the request body is read: the trace's functions, the route's handler, and the functions
// the handler hands `req.body` to.
async function* scopes(
  project: NodeProject,
  tree: SourceTree,
  trace: Parameters<typeof frameSources>[0],
  endpoint: string,
  documented: readonly string[],
): AsyncGenerator<Scope> {
  for await (const { file, line, source, program } of frameSources(trace, tree)) {
    const fn = [...walk(program)]
      .map((w) => w.node)
      .filter((n) => isFunction(n) && linesOf(n)[0] <= line && line <= linesOf(n)[1])
      .pop();
    if (!fn) continue;
    const text = textOf(source, fn);
    const params = paramNames(fn);
    const holders = [...params, ...aliases(fn, params)].filter((p) => readsOtherFields(text, p, documented, ''));
    const all = ['req.body', 'request.body', ...holders, ...aliases(fn)];
    yield { file, source, fn, holders: [...all, ...literalCopies(fn, all, documented)] };
  }
  const route = await findJsRoute(project, endpoint);
  const found = route ? await handlerNode(tree, route) : null;
  if (!route?.handler || !found) return;
  const local = ['req.body', 'request.body', ...aliases(found.fn)];
  yield { ...found, holders: [...local, ...literalCopies(found.fn, local, documented)] };
  for (const call of route.handler.calls) {
    const at = call.args.findIndex((a) => local.includes(a.text.replace(/\s*(?:\|\||\?\?)\s*\{\s*\}$/, '')));
    if (at < 0) continue;
    const ref = call.object ? `${call.object.replace(/\?$/, '')}.${call.name}` : call.name;
    const target = await resolveFunction(project, found.file, ref);
    const source = target ? await tree.read(target.file) : null;
    const program = target && source !== null ? parseFile(target.file, source) : null;
    const fn = program && [...walk(program)].map((w) => w.node).find((n) => spanOf(n)[0] === target!.fn.start);
    const param = target?.fn.params[at];
    const held = fn && param ? [param, ...aliases(fn, [param])] : [];
    if (fn && source !== null && param)
      yield { file: target!.file, source, fn, holders: [...held, ...literalCopies(fn, held, documented)] };
  }
}

// Locals holding the body in a function: `const data = req.body` / `req.body || {}`, or the result of a
// helper handed it (`const input = ensureBody(body)`), `given` the paths known to hold it.
function aliases(fn: EsNode, given: readonly string[] = []): string[] {
  const out: string[] = [];
  const holds = (path: string | null) =>
    path !== null && (BODY.test(path) || given.includes(path) || out.includes(path));
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'Identifier') continue;
    let init = node['init'] as EsNode | null;
    if (init?.type === 'AwaitExpression') init = init['argument'] as EsNode;
    if (init?.type === 'LogicalExpression') init = init['left'] as EsNode;
    const args = init?.type === 'CallExpression' ? (init['arguments'] as EsNode[]) : [];
    if ((init && holds(pathOf(init))) || (args.length === 1 && holds(pathOf(args[0]!))))
      out.push((node['id'] as EsNode)['name'] as string);
  }
  return out;
}

function paramNames(fn: EsNode): string[] {
  return (fn['params'] as EsNode[])
    .map((p) => (p.type === 'AssignmentPattern' ? (p['left'] as EsNode) : p))
    .filter((p) => p.type === 'Identifier')
    .map((p) => p['name'] as string);
}

interface Misread {
  readonly name: string;
  readonly field: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// `holder.name` reads (and `{ name } = holder` destructurings) of undocumented names that stand for
// one documented field. (The function may read that field elsewhere: a check of `clientName`
// beside an insert of `client` is the very bug.)
function misreads({ fn, holders }: Scope, documented: readonly string[], refusal: string | null): Misread[] {
  const reads: { name: string; node: EsNode; shorthand?: EsNode; line: number; key?: string }[] = [];
  const written = new Set<string>();
  for (const { node, ancestors } of walk(fn)) {
    const parent = ancestors.at(-1);
    if (node.type === 'MemberExpression' && !node['computed']) {
      const holder = pathOf(node['object'] as EsNode);
      const property = node['property'] as EsNode;
      if (!holder || !holders.includes(holder) || property.type !== 'Identifier') continue;
      const name = property['name'] as string;
      if (parent?.type === 'AssignmentExpression' && parent['left'] === node) written.add(name);
      else if (!(parent?.type === 'CallExpression' && parent['callee'] === node))
        reads.push({
          name,
          node: property,
          line: linesOf(node)[0],
          key: mappedKeyField(name, node, parent, documented),
        });
    }
    if (node.type === 'VariableDeclarator' && (node['id'] as EsNode).type === 'ObjectPattern') {
      let init = node['init'] as EsNode | null;
      if (init?.type === 'LogicalExpression') init = init['left'] as EsNode;
      const holder = init ? pathOf(init) : null;
      if (!holder || !holders.includes(holder)) continue;
      for (const p of (node['id'] as EsNode)['properties'] as EsNode[]) {
        const name = p.type === 'Property' ? keyName(p['key'] as EsNode) : null;
        if (name)
          reads.push({
            name,
            node: p['key'] as EsNode,
            line: linesOf(p)[0],
            ...(p['shorthand'] ? { shorthand: p } : {}),
          });
      }
    }
  }
  const out: Misread[] = [];
  const readNames = new Set(reads.map((r) => r.name));
  for (const read of reads) {
    if (documented.includes(read.name) || written.has(read.name)) continue;
    // By name, else by the documented key the value is mapped to (`plannedStart: body.startDate`).
    // A refused request's guard may read a plural of the documented field's word (refusal-field-stem.ts).
    const field =
      closestFieldName(read.name, documented) ??
      read.key ??
      (refusal === null ? undefined : refusedFieldStem(read.name, documented, refusal, readNames));
    if (!field) continue;
    const [start, end] = spanOf(read.node);
    out.push({
      name: read.name,
      field,
      line: read.line,
      start,
      end,
      text: read.shorthand ? `${field}: ${read.name}` : field,
    });
  }
  return out;
}

// The text of the answers refusing a request the contract says succeeds (a 4xx where a 2xx was
// expected), or null when no violation is one.
function refusalText(violations: readonly Violation[]): string | null {
  const refused = refusedViolations(violations);
  return refused.length > 0 ? refused.map((v) => v.responseExcerpt).join('\n') : null;
}
