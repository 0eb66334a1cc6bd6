import type { JsCall, JsFunction } from '../../node/js-module.js';
import type { NodeProject } from '../../node/node-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RootCause } from '../../types.js';
import type { CulpritLocation } from '../recipe.js';
import { remapCulprit } from '../remap-culprit.js';
import { treeFrames } from '../tree-frames.js';
import { culpritModule, enclosingFunctions } from './scope.js';

/** An unawaited call found in a caller of the failing function, with the file it is in. */
export interface PendingInCaller {
  readonly file: string;
  readonly source: string;
  readonly fn: JsFunction;
  readonly call: JsCall;
}

/** The failing function, and which of its parameters the failure says held a Promise or `undefined`. */
export interface FailingFunction {
  readonly fn: JsFunction;
  readonly culprit: CulpritLocation;
  /** Variables the failure says are a pending Promise. */
  readonly roots: readonly string[];
  /** Variables the failure says are `undefined` (`p` of `p.x` for `reading 'x'`): a Promise's member. */
  readonly absent?: readonly string[];
}

/** What a parameter held: a pending Promise, or `undefined` read off one (`promise.member`). */
type Held = 'promise' | 'member';

// How many callers out a value may have been handed along before it reached the failing function.
const MAX_HOPS = 3;

/**
 * The Promise was handed to the failing function as an argument: `toDto(row)` fails on
 * `row.tags`, `row` is its parameter, and its caller (the next in-app frame of the trace) passed
 * `piece`, assigned a line earlier from an unawaited call of the project's async function
 * (`const piece = service.getById(id)`). The call to await is in the caller, not where it failed.
 * Also one member later: `rank(score, limits)` fails reading `limits.low` (`limits` undefined), its
 * caller passed `team.limits` where `team` is the pending Promise (a Promise has no `limits`).
 * A parameter that only forwards the caller's own parameter follows the trace out, up to
 * MAX_HOPS frames (`toDto(entry, team)` called by the function that made `team` unawaited).
 */
export async function pendingInCaller(
  cause: RootCause,
  tree: SourceTree,
  node: NodeProject,
  failing: FailingFunction,
  pending: (call: JsCall, source: string, line: number) => boolean,
): Promise<PendingInCaller | undefined> {
  const promised = failing.fn.params.findIndex((p) => failing.roots.includes(p));
  const absent = failing.fn.params.findIndex((p) => failing.absent?.includes(p));
  let current: { fn: JsFunction; index: number; held: Held } | undefined =
    promised >= 0
      ? { fn: failing.fn, index: promised, held: 'promise' }
      : absent >= 0
        ? { fn: failing.fn, index: absent, held: 'member' }
        : undefined;
  const frames = treeFrames(cause, await tree.list());
  const own = frames.findIndex((f) => f.file === failing.culprit.file);
  for (let hop = 1; current?.fn.name && own >= 0 && hop <= MAX_HOPS; hop++) {
    const outer = frames[own + hop];
    if (!outer) return undefined;
    const at = (await remapCulprit(tree, outer))!;
    const module = await culpritModule(node, at.file);
    const source = await tree.read(at.file);
    if (!module || source === null) return undefined;
    const chain = enclosingFunctions(module, at.line);
    const step = handedIn(chain, current, at.line, (c) => pending(c, source, at.line));
    if (step && 'call' in step) return { file: at.file, source, fn: step.fn, call: step.call };
    current = step;
  }
  return undefined;
}

/**
 * In the caller's functions (`chain`, outermost first), the call of `callee` on the frame's line
 * and what its argument says: the unawaited call that made the Promise, or the caller's own
 * parameter that brought it in (to follow one frame further out).
 */
function handedIn(
  chain: readonly JsFunction[],
  callee: { fn: JsFunction; index: number; held: Held },
  line: number,
  pending: (c: JsCall) => boolean,
): { fn: JsFunction; call: JsCall } | { fn: JsFunction; index: number; held: Held } | undefined {
  const inner = chain[chain.length - 1];
  for (const fn of [...chain].reverse()) {
    const passing = fn.calls.filter((c) => c.name === callee.fn.name && c.line <= line && line <= c.endLine);
    for (const call of passing) {
      const arg = /^([A-Za-z_$][\w$]*)(?:\s*\.\s*([A-Za-z_$][\w$]*))?$/.exec(call.args[callee.index]?.text ?? '');
      if (!arg) continue;
      const [, head, member] = arg as unknown as [string, string, string | undefined];
      // A Promise's own then/catch/finally are not the missing data.
      const promise =
        callee.held === 'promise' ? member === undefined : !!member && !/^(then|catch|finally)$/.test(member);
      if (promise) {
        const made = [...chain]
          .reverse()
          .map((f) => ({ f, c: f.calls.filter((c) => c.assignedTo === head && c.line <= line && pending(c)) }))
          .find(({ c }) => c.length > 0);
        if (made) return { fn: made.f, call: made.c.sort((a, b) => b.start - a.start)[0]! };
      }
      // Only the frame's own function is called by the next frame out.
      const index = fn === inner ? fn.params.indexOf(head) : -1;
      if (index >= 0 && (promise || callee.held === 'member')) {
        return { fn, index, held: promise ? 'promise' : 'member' };
      }
    }
  }
  return undefined;
}
