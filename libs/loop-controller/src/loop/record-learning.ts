import type { AttemptOutcome, PatternStore } from '@smoke-repair/pattern-store';
import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import { isOwnFailure } from './own-failure.js';

/**
 * Records each applied patch as an attempt of its generalised fix pattern, with its verified
 * outcome (fixed, not fixed, regressed — or the loop's verdict, `outcome`), then promotes the
 * patterns that now meet the policy.
 */
export async function recordLearning(
  store: PatternStore,
  patches: readonly RepairPatch[],
  after: SmokeResult,
  options: {
    regressed: boolean;
    app: string;
    policy: { minSuccessRate: number; minTrials: number };
    outcome?: AttemptOutcome;
  },
): Promise<{ recorded: number; promoted: number; detail: string }> {
  let recorded = 0;
  for (const patch of patches) {
    if (!patch.pattern) continue;
    const violation = patch.endpoints[0];
    const [method, path] = violation && /^[A-Z]+ \//.test(violation) ? violation.split(' ', 2) : [undefined, undefined];
    const attempt = await store.recordAttempt({
      signature: patch.signature,
      strategy: patch.strategy,
      pattern: {
        signatureClass: patch.pattern.signatureClass,
        language: patch.pattern.language,
        template: patch.pattern.template,
        description: patch.pattern.description,
      },
      context: {
        app: options.app,
        ...(method && path ? { method, path } : {}),
        errorKind: patch.rootCause === 'route-missing' ? '404' : errorKindOf(patch, after),
      },
    });
    await store.recordOutcome({
      attemptId: attempt.id,
      outcome: options.outcome ?? outcomeOf(patch, after, options.regressed),
    });
    recorded++;
  }
  const promoted = await store.promote({
    minSuccessRate: options.policy.minSuccessRate,
    minTrials: options.policy.minTrials,
  });
  const detail =
    `${recorded} attempt${recorded === 1 ? '' : 's'} recorded, ${promoted.length} ` +
    `pattern${promoted.length === 1 ? '' : 's'} promoted`;
  return { recorded, promoted: promoted.length, detail };
}

function outcomeOf(patch: RepairPatch, after: SmokeResult, regressed: boolean): AttemptOutcome {
  if (regressed) return 'regressed';
  const stillFailing = after.violations.some((v) => isOwnFailure(patch, v));
  return stillFailing ? 'not_fixed' : 'fixed';
}

/**
 * The error kind recorded with the attempt, as pattern-store's `errorKindOf` reads a violation
 * (the status it answered, else its kind), so a later lookup of the same failure matches it: a
 * failure without a trace has a synthetic signature naming both (`status_mismatch@POST /carts:
 * HTTP 200`, `timeout@GET /x: no response`); one with a server trace answered 500.
 */
export function errorKindOf(patch: RepairPatch, after: SmokeResult): string {
  const synthetic = /^([a-z_]+)@[A-Z]+ \/.*: (?:HTTP (\d{3})|no response)$/.exec(patch.signature.key);
  if (synthetic) return synthetic[2] ?? synthetic[1]!;
  return patch.signature.exceptionType === 'status'
    ? String(after.violations.find((v) => v.signature.hash === patch.signature.hash)?.actualStatus ?? '') || 'status'
    : '500';
}
