import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import type { TemplateContext } from '../template.js';
import { indentOf } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

const SESSION = /\b(?:Async)?Session\b/;

/**
 * A loader's private `with Factory() as s:` block: the function's last statement, ending in a `return` that reads
 * `s.…`.
 */
interface TrailingLoad {
  readonly start: number;
  readonly end: number;
  readonly variable: string;
}

/**
 * `booking_repo.list_for_owner(owner_id)` whose loader opens its own session (`with SessionLocal()
 * as session: stmt = …; return session.scalars(stmt).all()`) in a module whose other functions
 * all take the session first (`def get_booking(db: Session, …)`) → the loader takes it first too,
 * under the same name and annotation, its block's body runs on that session, and every call of it
 * passes the caller's `Session` parameter: `booking_repo.list_for_owner(db, owner_id)`. Only when
 * the loader's name is defined once in the project, a caller is on the request's path, every
 * caller has a session parameter, and the block is the loader's last statement, used nowhere but
 * in `<var>.` reads. Returns the files it edited (none: no candidate).
 */
export async function passSessionParameter(context: TemplateContext, cls: string): Promise<string[]> {
  const { python, tree } = context;
  const onPath = new Set((await requestFrames(context)).map((f) => f.fn));
  const modules = await python.modules();
  for (const [file, module] of modules) {
    const convention = sessionConvention(module);
    if (!convention) continue;
    const lines = splitSource((await tree.read(file)) ?? '').lines;
    for (const fn of module.functions) {
      if (fn.qualname !== fn.name || fn.params.some((p) => SESSION.test(fn.annotations[p] ?? ''))) continue;
      const load = trailingLoad(lines, fn, cls);
      if (!load || (await python.definitionsOf(fn.name)).length !== 1) continue;
      const callers = [...modules].flatMap(([f, m]) =>
        m.functions.flatMap((caller) =>
          caller.calls.filter((c) => c.name.replace(/^.*\./, '') === fn.name).map((call) => ({ f, caller, call })),
        ),
      );
      const sessions = callers.map(({ caller }) =>
        caller.params.find((p) => SESSION.test(caller.annotations[p] ?? '')),
      );
      if (callers.length === 0 || sessions.some((s) => !s) || !callers.some(({ caller }) => onPath.has(caller)))
        continue;
      const edits = new Map<string, string[]>([[file, rewriteLoader(lines, fn, load, convention)]]);
      for (const [i, { f, call }] of [...callers.entries()].sort(
        (a, b) => b[1].call.line - a[1].call.line || b[1].call.col - a[1].call.col,
      )) {
        const target = edits.get(f) ?? splitSource((await tree.read(f)) ?? '').lines;
        // In the loader's own module, a caller below the dropped `with` line moved up by one.
        const index = call.line - 1 - (f === file && call.line - 1 > load.start ? 1 : 0);
        const line = target[index] ?? '';
        const at = line.indexOf(`${fn.name}(`, byteColumnToIndex(line, call.col));
        if (at < 0) return [];
        const open = at + fn.name.length + 1;
        const empty = /^\s*\)/.test(line.slice(open));
        target[index] =
          `${line.slice(0, open)}${sessions[i]}${empty ? '' : ', '}${line.slice(open).replace(/^\s*/, '')}`;
        edits.set(f, target);
      }
      for (const [f, edited] of edits) {
        const { join } = splitSource((await tree.read(f)) ?? '');
        await tree.write(f, join(edited));
      }
      return [...edits.keys()];
    }
  }
  return [];
}

// The first parameter every other top-level function of the module that takes a session gives it
// (`db: Session`), when there are such functions and they agree.
function sessionConvention(module: ParsedModule): { name: string; annotation: string } | null {
  const firsts = module.functions
    .filter((f) => f.qualname === f.name && f.params.some((p) => SESSION.test(f.annotations[p] ?? '')))
    .map((f) => ({ name: f.params[0]!, annotation: f.annotations[f.params[0]!] ?? '' }));
  if (firsts.length === 0 || firsts.some((f) => !SESSION.test(f.annotation))) return null;
  const [first] = firsts;
  return firsts.every((f) => f.name === first!.name && f.annotation === first!.annotation) ? first! : null;
}

function trailingLoad(lines: readonly string[], fn: FunctionSummary, cls: string): TrailingLoad | null {
  const header = lines.slice(fn.line - 1, Math.max(fn.line, fn.bodyLine - 1)).join(' ');
  if (!new RegExp(`->[^:]*\\b${cls}\\b`).test(header)) return null;
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const open = /^(\s*)with\s+[\w.]+\([^()]*\)\s+as\s+(\w+)\s*:\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const body = lines.slice(i + 1, fn.endLine);
    if (body.some((l) => l.trim() !== '' && indentOf(l).length <= open[1]!.length)) return null;
    const last = body.filter((l) => l.trim() !== '').at(-1) ?? '';
    const variable = open[2]!;
    const uses = body.join('\n').replace(new RegExp(`\\b${variable}\\.`, 'g'), '');
    if (!/^\s*return\b/.test(last) || !last.includes(`${variable}.`) || new RegExp(`\\b${variable}\\b`).test(uses))
      return null;
    return { start: i, end: fn.endLine - 1, variable };
  }
  return null;
}

// `def f(x)` → `def f(db: Session, x)`; the `with` line dropped, its body dedented onto `db`.
function rewriteLoader(
  lines: readonly string[],
  fn: FunctionSummary,
  load: TrailingLoad,
  convention: { name: string; annotation: string },
): string[] {
  const out = [...lines];
  const def = out[fn.line - 1]!;
  const open = def.indexOf(`${fn.name}(`) + fn.name.length + 1;
  const empty = /^\s*\)/.test(def.slice(open));
  out[fn.line - 1] =
    `${def.slice(0, open)}${convention.name}: ${convention.annotation}${empty ? '' : ', '}${def.slice(open)}`;
  const outer = indentOf(out[load.start]!).length;
  const inner = out.slice(load.start + 1, load.end + 1).find((l) => l.trim() !== '');
  const cut = inner ? indentOf(inner).length - outer : 0;
  const body = out
    .slice(load.start + 1, load.end + 1)
    .map((l) =>
      l
        .slice(Math.min(cut, indentOf(l).length))
        .replace(new RegExp(`\\b${load.variable}\\.`, 'g'), `${convention.name}.`),
    );
  out.splice(load.start, load.end - load.start + 1, ...body);
  return out;
}
