import { insertAt, splitSource, byteColumnToIndex } from '../../python/python-edits.js';
import type { CallSummary, FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { Recipe } from '../recipe.js';

/**
 * A coroutine used as a value → await the call of the project's own `async def`:
 * - the message names the coroutine (`'coroutine' object has no attribute …`): the un-awaited
 *   async call nearest before the failing line;
 * - any other TypeError/AttributeError (`replace() should be called on dataclass instances`):
 *   only a variable bound on an earlier line to an un-awaited call that resolves to an `async def`
 *   (`self.method`, `self.repo.method` by the `__init__` annotation, `param.method` by the
 *   parameter's annotation, a top-level function) and read on the failing line.
 * - any error after a call statement whose value is dropped (`db.commit()`) on a receiver the same
 *   function awaits other methods of (`await db.refresh(cave)`), of a method the project awaits
 *   on a receiver of that name elsewhere (`await db.commit()`): a library coroutine (an
 *   AsyncSession's) never run. AsyncSession's synchronous methods (`add`, `expunge`) never.
 * And the reverse: `object X can't be used in 'await' expression` → drop the await.
 */
export const pythonMissingAwait: Recipe = {
  id: 'python.missing-await',
  language: 'python',
  summary: 'await a coroutine that is used without await (or drop an await on a plain value)',
  async apply({ exception, culprit, tree, python }) {
    if (!exception || !culprit) return null;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return null;
    if (
      /can't be used in 'await' expression|object is not awaitable|a coroutine or an awaitable is required/.test(
        exception.message,
      )
    ) {
      const { lines, join } = splitSource(source);
      const line = lines[culprit.line - 1]!;
      const without = line.replace(/\bawait\s+/, '');
      if (without === line) return null;
      lines[culprit.line - 1] = without;
      await tree.write(culprit.file, join(lines));
      return {
        summary: `drop await on a non-awaitable at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.missing-await', mode: 'drop' },
      };
    }
    if (!fn.async) return null;
    const { lines } = splitSource(source);
    let call: CallSummary | undefined;
    if (/coroutine/.test(exception.message)) {
      const asyncNames = new Set<string>();
      for (const module of (await python.modules()).values())
        for (const f of module.functions) if (f.async) asyncNames.add(f.name);
      call = fn.calls
        .filter((c) => !c.awaited && asyncNames.has(c.name) && c.line <= culprit.line)
        .sort((a, b) => b.line - a.line || b.col - a.col)[0];
    } else if (/^(TypeError|AttributeError)$/.test(exception.type) && !/NoneType/.test(exception.message)) {
      call = await boundCoroutine(python, culprit.file, fn, lines, culprit.line);
    }
    call ??= await unawaitedStatement(python, fn, lines, culprit.line);
    if (!call) return null;
    const line = lines[call.line - 1]!;
    if (/\bawait\s+$/.test(line.slice(0, byteColumnToIndex(line, call.col)))) return null;
    await tree.write(culprit.file, insertAt(source, call.line, call.col, 'await '));
    return {
      summary: `await ${call.name}(...) at ${culprit.file}:${call.line}`,
      template: { recipe: 'python.missing-await', mode: 'add', callee: call.name },
    };
  },
};

// `x = <un-awaited call of an async def>` on an earlier line of the function, with `x` read on
// the failing line and never awaited in between: the nearest such binding.
async function boundCoroutine(
  python: PythonProject,
  file: string,
  fn: FunctionSummary,
  lines: readonly string[],
  failing: number,
): Promise<CallSummary | undefined> {
  const candidates = fn.calls.filter((c) => !c.awaited && c.line < failing).sort((a, b) => b.line - a.line);
  for (const call of candidates) {
    const text = lines[call.line - 1]!;
    const bound = /^\s*(\w+)\s*(?::[^=]+)?=\s*$/.exec(text.slice(0, byteColumnToIndex(text, call.col)));
    if (!bound) continue;
    const variable = bound[1]!;
    const used = new RegExp(`\\b${variable}\\b`);
    if (!used.test(lines[failing - 1]!)) continue;
    const between = lines.slice(call.line, failing - 1);
    if (between.some((l) => new RegExp(`\\bawait\\s+${variable}\\b|^\\s*${variable}\\s*=`).test(l))) continue;
    if (await isAsyncCallee(python, file, fn, call)) return call;
  }
  return undefined;
}

// Whether the callee is surely a project `async def`, resolved through its receiver.
async function isAsyncCallee(
  python: PythonProject,
  file: string,
  fn: FunctionSummary,
  call: CallSummary,
): Promise<boolean> {
  const modules = await python.modules();
  const parts = (call.text ?? '').split('.');
  const owner = fn.qualname.includes('.') ? fn.qualname.slice(0, fn.qualname.lastIndexOf('.')) : undefined;
  if (parts.length === 1) {
    const defs = [...modules.values()].flatMap((m) => m.functions.filter((f) => f.qualname === call.name));
    return defs.length > 0 && defs.every((f) => f.async);
  }
  let cls: string | undefined;
  if (parts.length === 2 && parts[0] === 'self') cls = owner;
  else if (parts.length === 3 && parts[0] === 'self' && owner) {
    const init = modules.get(file)?.functions.find((f) => f.qualname === `${owner}.__init__`);
    cls = typeName(init?.annotations[parts[1]!]);
  } else if (parts.length === 2) cls = typeName(fn.annotations[parts[0]!]);
  if (!cls) return false;
  const method = await methodOf(modules, python, cls.replace(/^.*\./, ''), call.name);
  return method?.async === true;
}

// `InMemoryRepository[Venue]` → `InMemoryRepository`; `Repo | None` → `Repo`.
function typeName(annotation: string | null | undefined): string | undefined {
  return annotation ? /^([\w.]+)/.exec(annotation.replace(/^Optional\[/, ''))?.[1] : undefined;
}

async function methodOf(
  modules: Map<string, ParsedModule>,
  python: PythonProject,
  cls: string,
  name: string,
  seen = new Set<string>(),
): Promise<FunctionSummary | undefined> {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const found = await python.classNamed(cls);
  if (!found) return undefined;
  const method = modules.get(found.file)?.functions.find((f) => f.qualname === `${cls}.${name}`);
  if (method) return method;
  for (const base of found.cls.bases) {
    const inherited = base
      ? await methodOf(modules, python, typeName(base)!.replace(/^.*\./, ''), name, seen)
      : undefined;
    if (inherited) return inherited;
  }
  return undefined;
}

// AsyncSession's methods that are plain functions, whatever another receiver does with the name.
const SYNC_SESSION = new Set(['add', 'add_all', 'expunge', 'expunge_all', 'expire', 'expire_all', 'is_modified']);

// `recv.method(...)` as a whole statement before the failing line, un-awaited, where the function
// awaits another method of `recv` and the project awaits `recv.method(` somewhere: the nearest such.
async function unawaitedStatement(
  python: PythonProject,
  fn: FunctionSummary,
  lines: readonly string[],
  failing: number,
): Promise<CallSummary | undefined> {
  const receiverOf = (c: CallSummary) => (/^(\w+)\.\w+$/.exec(c.text ?? '') ?? [])[1];
  // `db.commit` awaited somewhere in the project: that receiver's method is a coroutine there.
  const awaitedMethods = new Set<string>();
  for (const module of (await python.modules()).values())
    for (const f of module.functions)
      for (const c of f.calls) if (c.awaited && receiverOf(c)) awaitedMethods.add(c.text!);
  const awaitedReceivers = new Set(fn.calls.filter((c) => c.awaited).map(receiverOf));
  return fn.calls
    .filter((c) => {
      const receiver = receiverOf(c);
      if (c.awaited || c.line > failing || !receiver || !awaitedReceivers.has(receiver)) return false;
      if (!awaitedMethods.has(c.text!) || SYNC_SESSION.has(c.name)) return false;
      const text = lines[c.line - 1] ?? '';
      return (
        new RegExp(`^\\s*${receiver}\\.${c.name}\\(`).test(text) && byteColumnToIndex(text, c.col) === text.search(/\S/)
      );
    })
    .sort((a, b) => b.line - a.line)[0];
}
