import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { passSessionParameter } from './detached-session-param.js';
import { callSessionSibling } from './detached-sibling.js';
import { indentOf } from './expression-text.js';

// SQLAlchemy's message for a lazy load on an object whose session is closed.
const DETACHED = new RegExp(
  String.raw`^(?:Parent )?[Ii]nstance <(\w+) at 0x[0-9a-f]+> is not bound to a Session; (?:lazy load|` +
    String.raw`attribute refresh) operation`,
);
const EXCEPTIONS = ['DetachedInstanceError', 'sqlalchemy.orm.exc.DetachedInstanceError'];

/**
 * An ORM object loaded in a private session that is closed when the loader returns (`with
 * SessionLocal() as session: return session.get(Ticket, id)`) raises `DetachedInstanceError:
 * Parent instance <Ticket at 0x…> is not bound to a Session; lazy load operation of attribute
 * 'boat' cannot proceed` when a relationship is read later → the loader reads through the session
 * it was given (`return self.db.get(Ticket, id)`: the repository's `self.db` set from a `Session`
 * parameter of `__init__`, or the function's own `Session` parameter), so the object stays bound
 * for the request. Only a `with` block whose whole body is that one `return`, in a function that
 * names the class in the message (its return annotation, else the returned expression); every
 * such loader of that class in one patch. `#session-sibling`: a loader with no session at hand
 * whose module has a sibling doing the same load through a session parameter gets that sibling
 * called, with the request's session, on the request's path. `#session-parameter`: failing that, a
 * loader whose module's other functions all take the session first takes it too, and its callers
 * (each with a session parameter, one on the request's path) pass theirs. No session at hand: no
 * candidate.
 */
export const pythonDetachedInstance: RepairTemplate = {
  id: 'python.detached-instance',
  language: 'python',
  summary: 'load an ORM object through the session the code was given, not a private one it closes',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates(context) {
    const cls = context.exception ? DETACHED.exec(context.exception.message.trim())?.[1] : undefined;
    if (!cls) return;
    const edited: string[] = [];
    for (const [file, module] of await context.python.modules()) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      let changed = false;
      for (const fn of [...module.functions].sort((a, b) => b.line - a.line)) {
        const session = sessionOf(fn, module.functions, lines);
        if (session && rewriteLoader(lines, fn, cls, session)) changed = true;
      }
      if (!changed) continue;
      await context.tree.write(file, join(lines));
      edited.push(file);
    }
    if (edited.length === 0) {
      const called = await callSessionSibling(context, cls);
      if (called.length === 0) {
        const passed = await passSessionParameter(context, cls);
        if (passed.length === 0) return;
        yield {
          key: 'python.detached-instance#session-parameter',
          summary:
            `load ${cls} through a session parameter the callers pass, like the module's other loaders, ` +
            `in ${passed.join(', ')}`,
          template: { recipe: 'python.detached-instance#session-parameter' },
        };
        return;
      }
      yield {
        key: 'python.detached-instance#session-sibling',
        summary: `load ${cls} through the sibling loader that takes the request's session, in ${called.join(', ')}`,
        template: { recipe: 'python.detached-instance#session-sibling' },
      };
      return;
    }
    yield {
      key: 'python.detached-instance#given-session',
      summary: `load ${cls} through the given session, not a private one closed on return, in ${edited.join(', ')}`,
      template: { recipe: 'python.detached-instance#given-session' },
    };
  },
};

// The session the function was given: its own parameter annotated Session, or `self.x` that its
// class's `__init__` sets from a parameter annotated Session.
function sessionOf(fn: FunctionSummary, all: readonly FunctionSummary[], lines: readonly string[]): string | null {
  const own = fn.params.find((p) => /\b(?:Async)?Session\b/.test(fn.annotations[p] ?? ''));
  if (own) return own;
  const className = fn.qualname.includes('.') ? fn.qualname.slice(0, fn.qualname.lastIndexOf('.')) : null;
  const init = className ? all.find((f) => f.qualname === `${className}.__init__`) : undefined;
  const param = init?.params.find((p) => /\b(?:Async)?Session\b/.test(init.annotations[p] ?? ''));
  if (!init || !param || fn.params[0] !== 'self') return null;
  const body = lines.slice(init.line - 1, init.endLine).join('\n');
  const attribute = new RegExp(`^\\s*self\\.(\\w+)\\s*(?::[^=\\n]*)?=\\s*${param}\\s*$`, 'm').exec(body)?.[1];
  return attribute ? `self.${attribute}` : null;
}

/**
 * A `with Factory() as s:` block whose whole body is `return s.<expr>`: its lines (0-based, inclusive), indent,
 * variable and expr.
 */
export interface PrivateLoad {
  readonly start: number;
  readonly end: number;
  readonly indent: string;
  readonly variable: string;
  readonly expr: string;
}

/**
 * The private-session loads of `fn` that hand out a `cls` (its return annotation names it, else the
 * returned expression does; a function annotated with another type hands out none), last first.
 */
export function privateLoads(lines: readonly string[], fn: FunctionSummary, cls: string): PrivateLoad[] {
  const header = lines.slice(fn.line - 1, Math.max(fn.line, fn.bodyLine - 1)).join(' ');
  const named = new RegExp(`->[^:]*\\b${cls}\\b`).test(header);
  // A loader annotated with another return type (`-> int`: a count) hands out no object of the class.
  if (/->/.test(header) && !named) return [];
  const out: PrivateLoad[] = [];
  for (let i = fn.endLine - 2; i >= fn.bodyLine - 1; i--) {
    const open = /^(\s*)with\s+[\w.]+\([^()]*\)\s+as\s+(\w+)\s*:\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const inner = lines.slice(i + 1, fn.endLine).filter((l) => l.trim() !== '' && indentOf(l).length > open[1]!.length);
    const ret = inner.length === 1 ? new RegExp(`^\\s*return\\s+${open[2]}\\.(.+)$`).exec(inner[0]!) : null;
    if (!ret || (!named && !new RegExp(`\\b${cls}\\b`).test(ret[1]!)) || new RegExp(`\\b${open[2]}\\b`).test(ret[1]!))
      continue;
    out.push({
      start: i,
      end: lines.indexOf(inner[0]!, i + 1),
      indent: open[1]!,
      variable: open[2]!,
      expr: ret[1]!.trim(),
    });
  }
  return out;
}

// Each private load of `fn` → `return <session>.<expr>` in its place.
function rewriteLoader(lines: string[], fn: FunctionSummary, cls: string, session: string): boolean {
  const loads = privateLoads(lines, fn, cls);
  for (const load of loads)
    lines.splice(load.start, load.end - load.start + 1, `${load.indent}return ${session}.${load.expr}`);
  return loads.length > 0;
}
