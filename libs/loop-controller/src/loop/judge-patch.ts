import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { nameFromPatch, swallowsError, writesGuardedDefault, writtenClientStatuses } from './patch-evidence.js';
import { movedLines } from './moved-lines.js';
import { movedOn } from './moved-on.js';
import { isOwnFailure } from './own-failure.js';
import { keysThePatchBuilds } from './patch-built-keys.js';
import { failedInOwnTest, failureKey } from './summarize.js';

/** Why a candidate is kept or rejected: a stable rule, so nothing parses message text. */
type PatchRule =
  /** Its root cause's scenarios pass now. */
  | 'passes'
  /** They fail later, at a line the patch did not touch, with another error: progress. */
  | 'fails-later'
  /** They could not run (blocked) and none still fails: nothing says it is wrong. */
  | 'unverified'
  /** The same error as before (same signature). */
  | 'same-error'
  /** A new error at a line the patch wrote: the patch moved or caused it. */
  | 'fails-at-patched-line'
  /** The same kind of failure without a trace (still 404, still the wrong status). */
  | 'same-failure'
  /** A later error about a name the patch dropped or introduced (a column it stopped setting). */
  | 'caused-by-patch'
  /** The scenario is now answered by a 4xx the patch itself writes (an existing id called missing). */
  | 'answers-from-patch'
  /** The patch adds an error handler that hides the error (returns, passes, answers) instead of fixing it. */
  | 'swallows-error'
  /** The request now completes but answers against the contract (wrong status or body), with no trace. */
  | 'wrong-response'
  /** Another error at the very line that failed before: the request got no further. */
  | 'fails-at-same-line'
  /**
   * The request now gets no answer (a hang, a dropped connection) and no trace says where: nothing shows it got
   * further.
   */
  | 'no-response';

/** The verdict on one candidate, from the smoke after it was applied. */
export interface PatchVerdict {
  readonly accepted: boolean;
  readonly rule: PatchRule;
  readonly detail: string;
}

/**
 * Did the patch fix its own root cause? Its scenarios — those that failed with its signature
 * (or, for a missing route, on its endpoints) in `before` — are looked up in `after`. Accepted
 * when they pass, or now fail later in the request path: at a line the patch did not touch and
 * with another error (the fix uncovered the next bug). Rejected when they still fail the same
 * way, fail at a line the patch wrote (it moved the exception), fail on a name the patch dropped
 * or introduced (it caused the new error), are answered by a 4xx the patch writes, or when the
 * patch hides an error in a handler of its own.
 */
export function judgePatch(patch: RepairPatch, before: SmokeResult, after: SmokeResult): PatchVerdict {
  // Never kept, whatever the smoke says: an error hidden is not an error fixed.
  if (swallowsError(patch.diff))
    return reject(
      'swallows-error',
      'it adds an error handler that returns or carries on instead of raising or forwarding',
    );
  // Its own scenarios. A default substituted at a line where other root causes fail too (two
  // tests of one bug) answers them all: it is judged on every one (right for an empty night is
  // not right for a night whose rows a bug elsewhere lost).
  const guardedDefault = writesGuardedDefault(patch.diff);
  const replaced = guardedDefault ? replacedLines(patch.diff) : new Map<string, Set<number>>();
  const atReplacedLine = (v: Violation) =>
    v.signature.file !== undefined &&
    v.signature.line !== undefined &&
    replaced.get(v.signature.file)?.has(v.signature.line) === true;
  const own = before.violations.filter((v) => isOwnFailure(patch, v) || atReplacedLine(v));
  if (own.length === 0) return { accepted: true, rule: 'unverified', detail: 'no scenario of its root cause to check' };
  const written = writtenLines(patch.diff);
  const moved = movedLines(patch.diff);
  const patchStatuses = writtenClientStatuses(patch.diff);
  const afterByKey = new Map<string, Violation>();
  for (const v of after.violations) if (!afterByKey.has(failureKey(v))) afterByKey.set(failureKey(v), v);
  const blocked = new Map(after.scenarios.filter((s) => s.status === 'blocked').map((s) => [s.id, s]));
  let progress: string | null = null;
  let ran = 0;
  // Documented routes answering 404 are one root cause however many routers are missing: a patch
  // that brings back some of them is progress, the rest stay the cause of the next round.
  const partial = patch.rootCause === 'route-missing';
  const unchanged: string[] = [];
  for (const old of own) {
    const key = failureKey(old);
    const refusal = blocked.get(key);
    const refused = refusal?.actualStatus ?? null;
    // Blocked after it was sent: the smoke took the 4xx for "the contract's example is not there".
    // Where that example is a seeded record the run relies on (a change to a record nothing
    // creates, smoke.documentedTargets) and the patch writes that status, the patch refused a record
    // that exists (a guard calling it missing): the patch is the cause. An example that stood in for
    // an id nothing provided may really be absent: a right 404 guard stays unverified.
    // So is the seeded record a `[documented ids]` change was sent to: it failed there before (a 5xx), so it is held.
    const seeded =
      refusal?.notes.some((n) => n.includes('nothing in the contract creates') || n.includes(SEEDED_CHANGE)) ?? false;
    if (refused !== null && seeded && patchStatuses.has(refused))
      return reject(
        'answers-from-patch',
        `${key} is now refused ${refused}, a status the patch writes, on the example it carried before`,
      );
    if (blocked.has(key)) continue;
    ran++;
    const now = afterByKey.get(key);
    if (!now) continue;
    // A route that answered 404 and now answers another 4xx is served: its handler (or its
    // validation) refused the request, which is the next bug, not the mount's (a mount writes no status).
    const status = now.actualStatus;
    // A 405 is the router refusing the method, and a status the patch itself writes is the patch's answer.
    if (
      partial &&
      !hasTrace(now) &&
      status !== null &&
      status !== 404 &&
      status !== 405 &&
      !patchStatuses.has(status) &&
      status >= 400 &&
      status < 500
    ) {
      progress ??= `${key} is now served and answers ${now.actualStatus}: ${now.message}`;
      continue;
    }
    if (partial && now.signature.hash === old.signature.hash) {
      unchanged.push(key);
      continue;
    }
    if (now.signature.hash === old.signature.hash && !movedOn(old, now, patch.diff))
      return reject('same-error', `${key} still fails with ${old.signature.key}`);
    const file = now.signature.file;
    const line = now.signature.line;
    if (file !== undefined && line !== undefined && written.get(file)?.has(line) && !moved.get(file)?.has(line)) {
      return reject(
        'fails-at-patched-line',
        `${key} now fails at ${file}:${line}, a line the patch wrote (${now.signature.exceptionType})`,
      );
    }
    if (!hasTrace(now) && !hasTrace(old) && now.kind === old.kind && now.actualStatus === old.actualStatus) {
      return reject('same-failure', `${key} still answers ${now.actualStatus ?? 'nothing'} (${now.kind})`);
    }
    if (
      file !== undefined &&
      line !== undefined &&
      file === old.signature.file &&
      line === old.signature.line &&
      hasTrace(old)
    ) {
      // Still failing where it failed: the patch changed what that line sees, the request got no further.
      return reject(
        'fails-at-same-line',
        `${key} now fails at ${file}:${line} again, with ${now.signature.exceptionType}: the request got no further`,
      );
    }
    const said = [now.signature.message, now.message, ...now.traces.map((t) => t.exception?.message ?? '')].join('\n');
    const name = nameFromPatch(said, patch.diff);
    if (name)
      return reject(
        'caused-by-patch',
        `${key} now fails on '${name}', a name the patch dropped or introduced (${now.signature.key})`,
      );
    // A test whose request raised in the app and now completes, its own assertion refusing the answer: the patch
    // turned the error into wrong data (a None-first sort where the test wants None last). Seen wrong each time it
    // happened on held-out apps; a next bug in a chain raises in the app and stays progress. A test that failed
    // on its own assertion before (a 405) and now on a later one did get further.
    if (old.nodeid !== undefined && hasTrace(old) && !failedInOwnTest(old) && answeredAsWrongData(now)) {
      return reject(
        'wrong-response',
        `${key} now completes and its test refuses the answer the patched code gives: ${now.signature.key}`,
      );
    }
    if (guardedDefault && answeredAsWrongData(now)) {
      return reject(
        'wrong-response',
        `${key} now completes on the empty default the patch substitutes, and its answer is ` +
          `wrong: ${now.signature.key}`,
      );
    }
    if (!hasTrace(now) && now.actualStatus !== null && patchStatuses.has(now.actualStatus)) {
      return reject(
        'answers-from-patch',
        `${key} now answers ${now.actualStatus}, a status the patch writes, ` +
          `where ${now.expectedStatus ?? 'success'} is expected`,
      );
    }
    if (!hasTrace(now) && (now.kind === 'status_mismatch' || now.kind === 'schema_mismatch')) {
      // A request that now completes with a 2xx, still off the contract (a field missing, a NaN
      // sent as null), got further: the next bug is in what the handler builds. One answered 4xx
      // (a valid request called invalid) or 3xx now is the patch's doing.
      const reached = now.actualStatus !== null && now.actualStatus < 300;
      if (!reached) return reject('wrong-response', `${key} now answers against the contract: ${now.message}`);
      // Except when what failed was turning the finished response into JSON: the patch changed
      // that conversion, so a body now off its schema is the patch's shape, not the next bug
      // (a circular structure "made safe" into "[Circular]" strings is an error swallowed into a 200).
      // A body that lacks only keys the patch never names, and a patch that drops no value, is the
      // next bug: the conversion was right and what the handler builds is missing a field.
      if (failedSerialising(old) && !lacksOnlyKeysThePatchLeaves(now, patch.diff))
        return reject('wrong-response', `${key} is now serialised off its documented schema: ${now.message}`);
      // A request that failed now completes without a key a line the patch wrote builds, or with it
      // off its schema (`makerName: rake.makerId.name`, a date coerced into a date-time): the patch's answer.
      const lost = keysThePatchBuilds(now, patch.diff);
      if (lost.length > 0)
        return reject(
          'wrong-response',
          `${key} now completes with ${lost.join(', ')} missing or off its schema, and a line the patch wrote ` +
            `builds it: ${now.message}`,
        );
    }
    if (!hasTrace(now) && NO_ANSWER.has(now.kind) && !NO_ANSWER.has(old.kind)) {
      // "Later" needs a line the request reached: a hang or a dropped connection shows none, and a
      // route mounted from a factory (never called) hangs exactly like this.
      return reject('no-response', `${key} now gets no answer (${now.kind}) where it was answered before`);
    }
    progress ??= `${key} now fails later: ${now.signature.key}`;
  }
  if (partial && unchanged.length > 0 && unchanged.length === ran)
    return reject('same-failure', `${unchanged.join(', ')} still answer${unchanged.length === 1 ? 's' : ''} 404`);
  const rest =
    unchanged.length > 0 ? ` (${unchanged.length} other route${unchanged.length === 1 ? '' : 's'} still 404)` : '';
  if (progress) return { accepted: true, rule: 'fails-later', detail: progress + rest };
  if (ran === 0) return { accepted: true, rule: 'unverified', detail: 'its scenarios were blocked by another failure' };
  const passing = own.length - unchanged.length;
  return {
    accepted: true,
    rule: 'passes',
    detail: `${
      passing === 1 ? failureKey(own.find((v) => !unchanged.includes(failureKey(v)))!) : `${passing} ` + `scenarios`
    } pass${passing === 1 ? 'es' : ''}${rest}`,
  };
}

// The smoke's note on a `[documented ids]` PUT/PATCH the example record refused
// (smoke-validator `documented-change.ts`).
const SEEDED_CHANGE = 'a seeded record may be in a state that refuses the change';

const NO_ANSWER: ReadonlySet<Violation['kind']> = new Set(['timeout', 'connection_error', 'crash']);

function reject(rule: PatchRule, detail: string): PatchVerdict {
  return { accepted: false, rule, detail };
}

// The response was built and could not be written as JSON (Python's json/pydantic encoders,
// JSON.stringify on a BigInt or a cycle).
const SERIALISING =
  /not JSON serializable|serialize a BigInt|circular structure|PydanticSerializationError|Unable to serialize/i;

function failedSerialising(violation: Violation): boolean {
  const said = [
    violation.signature.exceptionType,
    violation.signature.message,
    violation.message,
    ...violation.traces.map((t) => t.exception?.message ?? ''),
  ];
  return said.some((text) => typeof text === 'string' && SERIALISING.test(text));
}

const REQUIRED_KEY = /must have required property '([^']+)'/;
// A replacer or conversion that answers undefined or deletes a key loses the value it could not serialise.
const DROPS_VALUES = /\bundefined\b|\bdelete\s|\.pop\(|\bomit\b|\bexclude\b/;

function lacksOnlyKeysThePatchLeaves(violation: Violation, diff: string): boolean {
  const errors = violation.message.replace(/^[^:]*schema: /, '').split('; ');
  const keys = errors.map((e) => REQUIRED_KEY.exec(e)?.[1]);
  if (keys.some((k) => k === undefined)) return false;
  const lines = diff.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
  if (DROPS_VALUES.test(lines.filter((l) => l.startsWith('+')).join('\n'))) return false;
  const words = new Set(lines.join('\n').match(/\w+/g) ?? []);
  return keys.every((k) => !words.has(k!));
}

/**
 * The request completed and its answer was refused: a 2xx off the contract (HTTP), or a test
 * that failed in its own code — an assertion on the response — rather than in the app's.
 */
function answeredAsWrongData(violation: Violation): boolean {
  if (violation.nodeid !== undefined) {
    // A 5xx is the app's failure, not the answer's.
    return failedInOwnTest(violation) && !(violation.actualStatus !== null && violation.actualStatus >= 500);
  }
  return (
    !hasTrace(violation) &&
    violation.actualStatus !== null &&
    violation.actualStatus < 300 &&
    (violation.kind === 'status_mismatch' || violation.kind === 'schema_mismatch')
  );
}

function hasTrace(violation: Violation): boolean {
  return violation.traces.length > 0;
}

/** The lines of each file before the patch that the patch removed or changed (1-based, by file). */
export function replacedLines(diff: string): Map<string, Set<number>> {
  return changedLines(diff, 'old');
}

/** The lines each file has after the patch that the patch added or changed (1-based, by file). */
export function writtenLines(diff: string): Map<string, Set<number>> {
  return changedLines(diff, 'new');
}

// The changed lines of one side of a unified diff: `old` the `-` lines, `new` the `+` lines.
function changedLines(diff: string, side: 'old' | 'new'): Map<string, Set<number>> {
  const [header, mark, other] = side === 'new' ? ['+++ ', '+', '--- '] : ['--- ', '-', '+++ '];
  const prefix = side === 'new' ? /^b\// : /^a\//;
  const out = new Map<string, Set<number>>();
  let file: string | null = null;
  let line = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith(header)) {
      const path = text.slice(4).trim();
      file = path === '/dev/null' ? null : path.replace(prefix, '');
      if (file && !out.has(file)) out.set(file, new Set());
      continue;
    }
    if (text.startsWith(other)) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(side === 'new' ? hunk[2] : hunk[1]);
      continue;
    }
    if (!file) continue;
    if (text.startsWith(mark)) out.get(file)!.add(line++);
    else if (text.startsWith(' ')) line++;
  }
  return out;
}
