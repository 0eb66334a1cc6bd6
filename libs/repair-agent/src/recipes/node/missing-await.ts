import { lineText, replaceRange } from '../../node/js-edits.js';
import type { JsCall, JsFunction } from '../../node/js-module.js';
import { nodeProjectFor, type NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import type { Recipe, RecipeOutcome } from '../recipe.js';
import { frameSources } from '../../templates/node/frame-sources.js';
import { pendingInCaller } from './pending-argument.js';
import { culpritModule, enclosingFunctions } from './scope.js';

// What a pending Promise used as a value throws.
const PROMISE_AS_VALUE = new RegExp(
  String.raw`is not a function|Cannot read properties of (?:undefined|null)|is not iterable|` +
    String.raw`is not a constructor|Cannot convert undefined or null`,
);

/**
 * A Promise used as a value: `TypeError: rows.filter is not a function` (or `project.tags is not
 * iterable`, `Cannot read properties of undefined` on `p.a.b`) where the value the message (or
 * the failing line) dereferences was assigned from a call of the project's own async function or
 * Promise-returning function, without `await` → await that call, making the function around it
 * `async` when it is a route handler (whose return value nobody uses). A call on the failing line
 * itself counts only when the message names it (`repo.all(...).filter is not a function`).
 */
export const nodeMissingAwait: Recipe = {
  id: 'node.missing-await',
  language: 'node',
  summary: 'await a call of an async function whose Promise is used as a value',
  async apply({ cause, exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    const column = NOT_NULL.exec(exception?.message ?? '')?.[1];
    if (column) return storedFromPromise(column, { cause, tree, node });
    if (exception?.type !== 'TypeError' || !culprit || !PROMISE_AS_VALUE.test(exception.message)) return null;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return null;
    const chain = enclosingFunctions(module, culprit.line);
    if (chain.length === 0) return null;
    const asyncNames = await node.asyncNames();
    const line = lineText(source, culprit.line);
    const roots = promiseSuspects(exception.message, line);
    const pendingIn = (c: JsCall, text: string, at: number) =>
      !c.awaited && asyncNames.has(c.name) && c.line <= at && !/\bawait\s*$/.test(text.slice(0, c.start));
    const pending = (c: JsCall) => pendingIn(c, source, culprit.line);
    let found: { fn: JsFunction; call: JsCall } | undefined;
    for (const fn of [...chain].reverse()) {
      const named = fn.calls.filter(
        (c) =>
          pending(c) &&
          c.line <= culprit.line &&
          culprit.line <= c.endLine &&
          exception.message.includes(`${c.name}(...)`),
      );
      const assigned = fn.calls.filter((c) => pending(c) && c.assignedTo !== undefined && roots.includes(c.assignedTo));
      const call = [...named, ...assigned].sort((a, b) => b.start - a.start)[0];
      if (call) {
        found = { fn, call };
        break;
      }
    }
    found ??= readThrough(chain, pending, exception.message, line, culprit.line);
    const absent = absentSuspects(exception.message, line);
    const failing = parameterOwner(chain, [...roots, ...absent]) ?? chain[chain.length - 1]!;
    const where =
      found ?? (await pendingInCaller(cause, tree, node, { fn: failing, culprit, roots, absent }, pendingIn)) ?? null;
    if (!where) return null;
    const { fn, call } = where;
    const file = 'file' in where ? where.file : culprit.file;
    const text = 'source' in where ? where.source : source;
    let updated = replaceRange(text, call.start, call.start, 'await ');
    if (!fn.async) {
      // Only a route handler may become async: its caller ignores what it returns.
      const response = fn.params[1];
      const handler =
        !fn.className &&
        response !== undefined &&
        new RegExp(`\\b${response.replace(/\$/g, '\\$')}\\s*\\.\\s*(?:json|send|status|code)\\(`).test(
          text.slice(fn.start, fn.end),
        );
      if (!handler || !/^(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(text.slice(fn.start))) return null;
      updated = replaceRange(updated, fn.start, fn.start, 'async ');
    }
    await tree.write(file, updated);
    return {
      summary: `await ${call.text}(...) at ${file}:${call.line}`,
      template: { recipe: 'node.missing-await', callee: call.name },
    };
  },
};

// The database refusing a row: `NOT NULL constraint failed: order_items.besom_id` (SQLite).
const NOT_NULL = /NOT NULL constraint failed: (?:[\w$]+\.)?([\w$]+)/;

/**
 * A row stored with a NULL column read off a pending Promise: `insert('lines', { item_id: item.id })`
 * where `item` is named, in the same function and before, by `const item = db.findById(…)`, a call
 * of the project's async function left without `await` (a Promise has no `id`, so the column is
 * NULL and the database refuses it). The call is awaited. Only in the in-app frame (innermost
 * first) whose call on its line passes an object with the refused column as a key, its value a
 * member of a plain name, in an `async` function.
 */
async function storedFromPromise(
  column: string,
  { cause, tree, node }: { cause: RootCause; tree: SourceTree; node: NodeProject },
): Promise<RecipeOutcome | null> {
  const asyncNames = await node.asyncNames();
  const entry = new RegExp(
    `(?<![\\w$.])['"]?${column.replace(/\$/g, '\\$')}['"]?\\s*:\\s*([A-Za-z_$][\\w$]*)\\s*\\??\\.\\s*[A-Za-z_$]`,
  );
  for await (const { file, line, source } of frameSources(cause.trace, tree)) {
    const module = await culpritModule(node, file);
    const fn = module ? enclosingFunctions(module, line).at(-1) : undefined;
    if (!fn?.async) continue;
    const stored = fn.calls
      .filter((c) => c.line === line)
      .flatMap((c) => c.args.map((a) => entry.exec(a.text)?.[1]))
      .find((v) => v !== undefined);
    if (!stored) continue;
    const call = fn.calls
      .filter(
        (c) =>
          c.assignedTo === stored &&
          !c.awaited &&
          c.line < line &&
          asyncNames.has(c.name) &&
          !/\bawait\s*$/.test(source.slice(0, c.start)),
      )
      .sort((a, b) => b.start - a.start)[0];
    if (!call) return null;
    await tree.write(file, replaceRange(source, call.start, call.start, 'await '));
    return {
      summary: `await ${call.text}(...) at ${file}:${call.line}: ${stored} is stored as a row while still a Promise`,
      template: { recipe: 'node.missing-await', callee: call.name },
    };
  }
  return null;
}

/**
 * The variables a failure says are a pending Promise: the head of the expression the message
 * names (`rows` of `rows.filter is not a function`, `project` of `project.tags is not iterable`),
 * or, for `Cannot read properties of undefined (reading 'x')`, the head of each `v.a.x` chain on
 * the failing line (a Promise has no `a`), and for `Cannot convert undefined or null`, each `v.a`.
 */
function promiseSuspects(message: string, line: string): string[] {
  const named = /^([A-Za-z_$][\w$]*)(?:\??\.[\w$]+)*(?: is not (?:a function|iterable|a constructor))/.exec(message);
  if (named && !message.startsWith(`${named[1]}(`)) return [named[1]!];
  const reading = /^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/.exec(message);
  const pattern = reading
    ? new RegExp(
        `(?<![\\w$.])([A-Za-z_$][\\w$]*)(?:\\??\\.[A-Za-z_$][\\w$]*)` +
          `+\\??\\.${reading[1]!.replace(/[.$]/g, (c) => `\\${c}`)}(?![\\w$])`,
        'g',
      )
    : /^Cannot convert undefined or null/.test(message)
      ? /(?<![\w$.])([A-Za-z_$][\w$]*)\??\.[A-Za-z_$][\w$]*/g
      : null;
  if (!pattern) return [];
  return [...new Set([...line.matchAll(pattern)].map((m) => m[1]!))].filter((v) => v !== 'this');
}

/**
 * The function a suspect came in through as a parameter, innermost first: the failing line may
 * also hold a callback (`boats: row.boats.map((b) => …)` fails on `row`, a parameter of the
 * function around the callback), so the innermost function on the line is not always the one
 * that failed.
 */
function parameterOwner(chain: readonly JsFunction[], suspects: readonly string[]): JsFunction | undefined {
  return [...chain].reverse().find((fn) => fn.params.some((p) => suspects.includes(p)));
}

/**
 * The variables a failure says are `undefined` themselves: `limits` of `limits.low` on the failing
 * line for `Cannot read properties of undefined (reading 'low')`. Only a parameter of the failing
 * function is followed out (to a caller that passed a pending Promise's member).
 */
function absentSuspects(message: string, line: string): string[] {
  const reading = /^Cannot read properties of undefined \(reading '([^']+)'\)/.exec(message);
  if (!reading) return [];
  const key = reading[1]!.replace(/[.$]/g, (c) => `\\${c}`);
  const pattern = new RegExp(`(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*\\.\\s*${key}(?![\\w$])`, 'g');
  return [...new Set([...line.matchAll(pattern)].map((m) => m[1]!))].filter((v) => v !== 'this');
}

/**
 * `Cannot read properties of undefined` one step after a pending Promise: a member of the
 * Promise read on the failing line (`findTeam(booking.teamId)`, `booking` pending: the call gets
 * `undefined` and its result is dereferenced), or in the arguments of the call whose result the
 * failing line dereferences (`const bed = repo.findById(plant.bedId)` then `bed.id`). A Promise has
 * no data members, so reading one (other than `then`/`catch`/`finally`) is the bug.
 */
function readThrough(
  chain: readonly JsFunction[],
  pending: (c: JsCall) => boolean,
  message: string,
  line: string,
  culpritLine: number,
): { fn: JsFunction; call: JsCall } | undefined {
  if (!/^Cannot read properties of (?:undefined|null) \(reading '/.test(message)) return undefined;
  const readsMember = (text: string, name: string) =>
    new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\??\\.(?!(?:then|catch|finally)\\b)[A-Za-z_$]`).test(text);
  for (const fn of [...chain].reverse()) {
    const candidates = fn.calls.filter((c) => pending(c) && c.assignedTo !== undefined && c.line < culpritLine);
    const derefs = fn.calls.filter(
      (c) => c.assignedTo !== undefined && c.line < culpritLine && readsMember(line, c.assignedTo),
    );
    const call = candidates
      .filter(
        (c) =>
          readsMember(line, c.assignedTo!) ||
          derefs.some((d) => d.line > c.line && d.args.some((a) => readsMember(a.text, c.assignedTo!))),
      )
      .sort((a, b) => b.start - a.start)[0];
    if (call) return { fn, call };
  }
  return undefined;
}
