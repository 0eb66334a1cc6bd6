import { lineText, replaceRange } from '../../node/js-edits.js';
import type { JsCall, JsFunction } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
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
