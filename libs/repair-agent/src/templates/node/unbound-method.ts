import type { StackFrame, StackTrace } from '@smoke-repair/log-parser';
import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import type { JsFunction } from '../../node/js-module.js';
import { routeTable } from '../../node/js-routes.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import { locateCulprit } from '../../localize.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.unbound-method';

// `this` was undefined where a method read one of its members.
const THIS_UNDEFINED = /^Cannot read properties of undefined \(reading '([\w$]+)'\)/;

/**
 * A class method passed as a callback loses `this` (`rows.map(this.toDto)`, `then(this.handle)`,
 * `ids.map(this.repo.findById)` — another object's method):
 * a route handler registered as an instance's method (`router.get('/x', asyncRoute(controller.balance))`);
 * the method, called detached, read a member of `this` and failed with
 * `TypeError: Cannot read properties of undefined (reading 'repo')` on a line that reads
 * `this.repo` → bind it where it is passed (`this.toDto.bind(this)`, which keeps every argument
 * the callee hands it; another object's method to that object). Where it is passed comes from the trace: the in-app
 * frame that called the culprit; else the one route registration the route index has for the method; when the trace
 * lost it (an async boundary), the culprit's own file, if exactly one place there passes
 * `this.method` as a value.
 */
export const nodeUnboundMethod: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'bind a class method that is passed as a callback and lost `this`',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, cause, tree, node: given }) {
    const member = exception ? THIS_UNDEFINED.exec(exception.message)?.[1] : undefined;
    if (!culprit || !member) return;
    const node = given ?? nodeProjectFor(tree);
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return;
    // The failing line reads `this.<member>`: `this` itself was undefined, not a member of it.
    if (!new RegExp(`(?<![\\w$.])this\\s*\\.\\s*${escape(member)}(?![\\w$])`).test(lineText(source, culprit.line)))
      return;
    const method = enclosingFunctions(module, culprit.line)
      .reverse()
      .find((f) => f.className && f.name);
    if (!method) return;
    const sites = await passSites(cause.trace, tree, culprit.file, method.name);
    for (const site of sites.length > 0 ? sites : await registrationSites(node, tree, culprit.file, method)) {
      const text = await tree.read(site.file);
      if (text === null) continue;
      await tree.write(site.file, replaceRange(text, site.end, site.end, `.bind(${site.receiver})`));
      yield {
        key: ID,
        summary:
          `bind ${method.className}.${method.name} to ${site.receiver} where it is passed as a callback ` +
          `(${site.file}:${site.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

interface PassSite {
  readonly file: string;
  readonly line: number;
  /** Offset just after `this.method` / `this.repo.method`. */
  readonly end: number;
  /** The object the method was read from (`this`, `this.repo`): what it must be bound to. */
  readonly receiver: string;
}

// Where `this.<method>` is passed as a value: on the calling frame's line, else the one place in the file.
async function passSites(
  trace: StackTrace | null | undefined,
  tree: Parameters<typeof locateCulprit>[1],
  file: string,
  method: string,
): Promise<PassSite[]> {
  const frames = (trace?.frames ?? []).filter((f) => f.inApp);
  const caller: StackFrame | undefined = frames[frames.length - 2];
  if (caller) {
    const where = await locateCulprit({ culprit: caller } as StackTrace, tree);
    const text = where ? await tree.read(where.file) : null;
    if (where && text !== null) {
      const start = offsetOf(text, where.line);
      const found = valueUses(lineText(text, where.line), method).map((use) => ({
        file: where.file,
        line: where.line,
        end: start + use.end,
        receiver: use.receiver,
      }));
      if (found.length > 0) return found.slice(0, 1);
    }
  }
  const text = await tree.read(file);
  if (text === null) return [];
  // Without the caller's line, only the class's own `this.method` is evidence enough.
  const all = valueUses(text, method).filter((use) => use.receiver === 'this');
  if (all.length !== 1) return [];
  return [{ file, line: text.slice(0, all[0]!.end).split('\n').length, ...all[0]! }];
}

// A route handler registered as an instance's method (`router.get('/x', wrap(controller.balance))`):
// Express calls it detached. The registrations the route index has for the method, not yet bound.
async function registrationSites(
  node: NodeProject,
  tree: SourceTree,
  file: string,
  method: JsFunction,
): Promise<PassSite[]> {
  const sites: PassSite[] = [];
  for (const route of await routeTable(node)) {
    const ref = route.call?.handlerRef;
    const arg = route.call?.handlerArg;
    if ((route.handlerFile ?? route.file) !== file || route.handler?.start !== method.start || !ref || !arg) continue;
    const source = await tree.read(route.file);
    if (source === null) continue;
    const receiver = ref.slice(0, ref.lastIndexOf('.'));
    // The argument as a call would see it (`(controller.balance)`), so a bare reference counts too; a bound one does
    // not.
    const uses = valueUses(`(${source.slice(arg.start, arg.end)})`, method.name).filter((u) => u.receiver === receiver);
    if (uses.length === 1)
      sites.push({ file: route.file, line: route.call!.line, end: arg.start + uses[0]!.end - 1, receiver });
  }
  return sites.length === 1 ? sites : [];
}

// `this.method` or `<object>.method` (`this.repo.findById`, `repo.findById`: a plain member
// chain, so binding to it evaluates nothing twice) handed to a call as an argument: after `(` or
// `,`, followed by `,` or `)`. The end offset of each, and the object it was read from.
function valueUses(text: string, method: string): { end: number; receiver: string }[] {
  const out: { end: number; receiver: string }[] = [];
  const pattern = new RegExp(`[(,]\\s*((?:[A-Za-z_$][\\w$]*\\s*\\.\\s*)+)${escape(method)}\\s*(?=[,)])`, 'g');
  for (const m of text.matchAll(pattern)) {
    const receiver = m[1]!.replace(/\s+/g, '').replace(/\.$/, '');
    out.push({ end: m.index + m[0].indexOf(m[1]!) + m[1]!.length + method.length, receiver });
  }
  return out;
}

function escape(name: string): string {
  return name.replace(/\$/g, '\\$');
}
