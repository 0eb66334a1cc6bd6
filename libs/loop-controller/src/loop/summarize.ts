import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import type { SmokeSummary } from './loop-result.js';

/** The seed's table numbers of a smoke run. */
export function summarizeSmoke(result: SmokeResult): SmokeSummary {
  return {
    passRate: result.passRate,
    scenariosTested: result.scenariosTested,
    scenariosPassed: result.scenariosPassed,
    endpointsTested: result.endpointsTested,
    endpointsPassed: result.endpointsPassed,
    serverErrors: result.violations.filter(isServerError).length,
    violations: result.violations.length,
    blocked: result.blocked,
  };
}

/**
 * A 5xx or a crash of the app; in test-command mode, a test that failed on an exception raised in
 * the app's own code (a test client re-raises what would have been a 500), not in the test's, or
 * on a status assertion the app answered with a 5xx (pytest's `assert 500 == 409`, or the response
 * shown as `<Response [500 Internal Server Error]>`; supertest's `expected 409 …, got 500 …`).
 */
export function isServerError(violation: Violation): boolean {
  return (
    violation.kind === 'server_error' ||
    violation.kind === 'crash' ||
    (violation.actualStatus !== null && violation.actualStatus >= 500) ||
    raisedInApp(violation) ||
    (violation.kind === 'test_failure' && ANSWERED_5XX.test(violation.message))
  );
}

// pytest keeps only `assert 500 == 409` of `assert response.status_code == 409` in the failure's line.
const ANSWERED_5XX = /<Response \[5\d\d\b|\bassert 5\d\d == [1-4]\d\d\b|\bexpected \d{3}\b[^\n]*?, got 5\d\d\b/;

function raisedInApp(violation: Violation): boolean {
  if (violation.kind !== 'test_failure' || violation.traces.length === 0) return false;
  return violation.nodeid !== undefined && violation.signature.file !== undefined && !failedInOwnTest(violation);
}

/** A test's failure whose culprit is the test's own file (pytest `file::test`, vitest/jest `file > … > test`). */
export function failedInOwnTest(violation: Violation): boolean {
  const file = violation.signature.file;
  if (violation.nodeid === undefined || file === undefined) return false;
  const testFile = violation.nodeid.split(/::| > /)[0]!;
  return file === testFile || testFile.endsWith(`/${file}`) || file.endsWith(`/${testFile}`);
}

/** What a violation is, across runs: its scenario (or test) and its signature. */
export function failureKey(violation: Violation): string {
  return violation.scenarioId ?? violation.nodeid ?? violation.endpoint;
}

/**
 * Did `after` get worse than `before`? A scenario that passed before and fails now, or fewer
 * scenarios passing. New failures of scenarios that were failing or blocked before are not
 * regressions: fixing one endpoint often unblocks others that then show their own bugs. Nor is
 * one whose id came from a listing (or the contract's example) before because no create returned one, and now from the
 * create the patch fixed, or now from a create that failed its checks before and after (the
 * patch made it return the record its other bug stores): it was sent for another resource (one
 * the run made), as if it had been blocked before; a pass lost that way is not counted either,
 * nor one of a scenario now blocked behind such a read.
 */
export function findRegressions(
  before: SmokeResult,
  after: SmokeResult,
): { regressed: string[]; fewerPasses: boolean } {
  const passedBefore = new Set(before.scenarios.filter((s) => s.status === 'passed').map((s) => s.id));
  const listedBefore = new Set(before.scenarios.filter(idFromListing).map((s) => s.id));
  const notesBefore = new Map(before.scenarios.map((s) => [s.id, s.notes]));
  const reached = new Set(
    after.scenarios
      .filter(
        (s) =>
          s.status === 'failed' &&
          passedBefore.has(s.id) &&
          ((listedBefore.has(s.id) && !idFromListing(s)) || idFromCreateFailingBefore(s, passedBefore, notesBefore)),
      )
      .map((s) => s.id),
  );
  // Blocked now only because one of those fails (a negative twin of a read): no pass the patch took.
  const behind = after.scenarios.filter(
    (s) =>
      s.status === 'blocked' &&
      passedBefore.has(s.id) &&
      s.blockedBy.length > 0 &&
      s.blockedBy.every((id) => reached.has(id)),
  );
  const regressed = after.scenarios
    .filter((s) => s.status === 'failed' && passedBefore.has(s.id) && !reached.has(s.id))
    .map((s) => s.id);
  return { regressed, fewerPasses: after.scenariosPassed + reached.size + behind.length < before.scenariosPassed };
}

// Sent with the id of a create that failed its checks now and failed them before: the patch made
// that create answer with the record its own (other) bug stores, and the read reached that record.
// Not when the read took its id from that failing create before too and passed: then it lost.
function idFromCreateFailingBefore(
  s: SmokeResult['scenarios'][number],
  passedBefore: ReadonlySet<string>,
  notesBefore: ReadonlyMap<string, readonly string[]>,
): boolean {
  return s.notes.some((n) => {
    const provider = /taken from (.+), which failed its checks$/.exec(n)?.[1];
    return provider !== undefined && !passedBefore.has(provider) && !(notesBefore.get(s.id) ?? []).includes(n);
  });
}

// The smoke's note on a scenario sent with an id a listing gave because no create returned one, or
// the contract's example because no scenario provided one (`x is the contract's example 7: … provided
// none`): either way an id the run did not make, which a fixed create then replaces.
function idFromListing(s: SmokeResult['scenarios'][number]): boolean {
  return s.notes.some(
    (n) => /taken from .* \(no create of .* returned one\)/.test(n) || /is the contract's example .*: .*/.test(n),
  );
}
