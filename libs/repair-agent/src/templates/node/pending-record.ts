import { replaceRange } from '../../node/js-edits.js';
import type { JsCall, JsFunction } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { findJsRoute } from '../../recipes/node/route-match.js';
import { siteKey, type RepairTemplate } from '../template.js';

const ID = 'node.pending-record';
// How far the calls are followed from the handler (handler → controller → service → helper).
const DEPTH = 3;

/**
 * A 2xx whose body breaks the contract, and somewhere down the handler's calls an `async` function
 * reads a member of a Promise: `const wood = this.getWood(id)` without `await`, then
 * `wood.stock_boards + change` — undefined, so NaN is stored and sent as null, with no trace; the
 * lookup's 404 for an unknown id is lost as well (an unhandled rejection).
 *
 * Followed from the route's handler through the project's functions it calls (by name, a few
 * levels deep), each `async` function's `const x = f(…)` where `f` is one of the project's async
 * functions (no sync function of that name anywhere) and `x.member` is read after it in the same
 * function (not `x.then`/`catch`/`finally`: that is how a Promise is meant to be read) gets
 * `await` on the call. Each such site is a candidate; the loop keeps the one that makes the
 * scenario pass. A body of `{}` is node.pending-response's.
 */
export const nodePendingRecord: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "await the async lookup whose Promise a handler's call chain reads as a record",
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given }) {
    const project = given ?? nodeProjectFor(tree);
    const asyncNames = await project.asyncNames();
    const syncNames = new Set<string>();
    const all: { file: string; fn: JsFunction }[] = [];
    for (const [file, module] of await project.modules())
      for (const fn of module.functions) {
        all.push({ file, fn });
        if (!fn.async && !fn.returnsPromise && fn.name) syncNames.add(fn.name);
      }
    const seen = new Set<string>();
    for (const violation of cause.violations) {
      const status = violation.actualStatus;
      if (status === null || status < 200 || status >= 300 || violation.responseExcerpt.trim() === '{}') continue;
      const route = await findJsRoute(project, violation.endpoint);
      if (!route?.handler) continue;
      for (const { file, fn } of reachable(all, { file: route.handlerFile ?? route.file, fn: route.handler })) {
        if (!fn.async) continue;
        const source = await tree.read(file);
        if (source === null) continue;
        for (const call of fn.calls) {
          if (!pending(call, asyncNames, syncNames, source) || innermost(all, file, call) !== fn) continue;
          if (!readsMember(source.slice(call.end, fn.end), call.assignedTo!)) continue;
          const key = siteKey(ID, file, call.line);
          if (seen.has(key)) continue;
          seen.add(key);
          await tree.write(file, replaceRange(source, call.start, call.start, 'await '));
          yield {
            key,
            summary: `await ${call.text}(…): ${call.assignedTo} is read as a record (${file}:${call.line})`,
            template: { recipe: ID, callee: call.name },
          };
        }
      }
    }
  },
};

// The handler and the project functions it calls by name, breadth first, a few levels deep.
function reachable(
  all: readonly { file: string; fn: JsFunction }[],
  start: { file: string; fn: JsFunction },
): { file: string; fn: JsFunction }[] {
  const out = [start];
  let level = [start];
  for (let depth = 0; depth < DEPTH && level.length > 0; depth++) {
    const names = new Set(level.flatMap(({ fn }) => fn.calls.map((c) => c.name)));
    level = all.filter((f) => f.fn.name && names.has(f.fn.name) && !out.includes(f));
    out.push(...level);
  }
  return out;
}

// `const x = f(…)` of a project async function, not awaited (nor written `await (f(…))`).
function pending(call: JsCall, asyncNames: Set<string>, syncNames: Set<string>, source: string): boolean {
  return (
    !call.awaited &&
    call.assignedTo !== undefined &&
    asyncNames.has(call.name) &&
    !syncNames.has(call.name) &&
    !/\bawait\s*\(?\s*$/.test(source.slice(0, call.start))
  );
}

// The innermost function around a call: an `await` is valid only there, not in a nested callback.
function innermost(
  all: readonly { file: string; fn: JsFunction }[],
  file: string,
  call: JsCall,
): JsFunction | undefined {
  let best: JsFunction | undefined;
  for (const { file: f, fn } of all)
    if (f === file && fn.start <= call.start && call.end <= fn.end && (!best || fn.start >= best.start)) best = fn;
  return best;
}

// `x.member` (or `x?.member`) read in `text`, other than the Promise's own `then`/`catch`/`finally`.
function readsMember(text: string, name: string): boolean {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`(?<![\\w$.])${escaped}\\??\\.(?!(?:then|catch|finally)\\b)[A-Za-z_$]`).test(text);
}
