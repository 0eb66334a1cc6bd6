import { patchDiffHash, type RepairAttempt, type RepairPatch, type RepairResult } from '@smoke-repair/repair-agent';
import type { IterationRecord } from './loop-result.js';
import type { LoopRun } from './loop-run.js';
import { budgetRanOut, escalate, NEXT, noteRootCause, recordCandidate, type Step } from './loop-state.js';
import { patchRecord } from './patch-record.js';
import { settleTrial } from './settle.js';
import { trial } from './trial.js';

/**
 * One iteration (DESIGN §4): repair the failures that have attempts left, try every candidate of
 * the round (`trial`), settle the verdicts. Returns what comes next.
 */
export async function runIteration(run: LoopRun, iteration: number): Promise<Step> {
  const { deps, settings, state, signal, now } = run;
  signal?.throwIfAborted();
  const timeLeftMs = state.deadline - now();
  if (timeLeftMs <= 0)
    return escalate('time budget', 'time_budget', `the ${settings.loop.timeBudgetMs} ms budget is spent`);
  run.emit({ type: 'iteration-start', iteration, timeLeftMs });
  const iterationStart = now();
  const max = settings.loop.maxAttemptsPerSignature;
  const open = state.current.result.violations.filter((v) => (state.attempts.get(v.signature.hash) ?? 0) < max);
  if (open.length === 0) {
    if (onlyOversize(run))
      return escalate('patch size', 'patch_too_large', 'the only patches produced were over the size limit');
    return escalate('retry budget', 'attempts_exhausted', `every remaining failure had ${max} attempts`);
  }
  const attempt = 1 + Math.max(0, ...open.map((v) => state.attempts.get(v.signature.hash) ?? 0));
  const repair = await deps.repair(open, {
    attempt,
    previousAttempts: state.previousAttempts,
    rejected: state.rejectedCandidates,
  });
  signal?.throwIfAborted();
  // One attempt per signature per round, however many scenarios fail with it.
  const signatures = new Set(repair.rootCauses.flatMap((cause) => cause.violations.map((v) => v.signature.hash)));
  for (const hash of signatures) state.attempts.set(hash, (state.attempts.get(hash) ?? 0) + 1);
  state.previousAttempts.push(...repair.attempts);
  const rejected = repair.attempts.filter((a) => a.outcome === 'rejected' || a.outcome === 'failed');
  run.emit({
    type: 'repair',
    iteration,
    rootCauses: repair.rootCauses.length,
    patches: repair.patches.length,
    rejected: rejected.length,
    detail: repair.attempts.map((a) => `${a.outcome} ${a.strategy}${a.recipeId ? ` ${a.recipeId}` : ''}: ${a.detail}`),
  });
  const record: IterationRecord = {
    iteration,
    rootCauses: repair.rootCauses.length,
    patches: [],
    rejected: rejected.map((a) => ({ signature: a.signature, strategy: a.strategy, reason: a.detail })),
    smoke: null,
    kept: false,
    flaky: [],
    durationMs: 0,
  };
  state.iterations.push(record);
  for (const cause of repair.rootCauses)
    noteRootCause(state, cause.signature.hash, cause.signature.key, cause.endpoints);
  const finish = (step: Step): Step => {
    record.durationMs = now() - iterationStart;
    return step;
  };
  // A strategy that ignores the exclusions (a model, a command, a custom engine) may answer with a
  // candidate this run already rejected for the same root cause: it is not tried again.
  const patches = repair.patches.filter(
    (p) =>
      !state.rejectedCandidates.some(
        (r) => r.signatureHash === p.signature.hash && r.diffHash === patchDiffHash(p.diff),
      ),
  );
  if (patches.length === 0) return finish(noCandidate(run, { ...repair, patches }));
  state.goodCheckpoint = deps.workspace.checkpoint();
  state.lastPatchDiff = patches.map((p) => p.diff).join('');
  try {
    const tried = await trial(patches, state.current, run.trialContext(iteration));
    return finish(await settleTrial(run, iteration, record, patches, tried));
  } catch (error) {
    if (!budgetRanOut(signal)) throw error;
    return finish(outOfTime(run, iteration, record, patches));
  }
}

/**
 * The time budget ran out while the round's candidates were on trial: the ones without a verdict
 * yet are recorded as untried (loop.html and the result list them), and the loop stops; what the
 * round kept before that (regression isolation keeps as it goes) is the last good checkpoint.
 */
function outOfTime(run: LoopRun, iteration: number, record: IterationRecord, patches: readonly RepairPatch[]): Step {
  const { state, settings } = run;
  const judged = new Set(
    [...state.candidates.values()].flatMap((c) =>
      c.candidates.filter((k) => k.iteration === iteration).map((k) => k.patchId),
    ),
  );
  const reason = 'the time budget ran out while it was on trial';
  for (const patch of patches)
    if (!judged.has(patch.id)) recordCandidate(state, patch, iteration, { verdict: 'untried', reason });
  if (record.patches.length === 0)
    record.patches = patches.map((p) => ({ ...patchRecord(p, state.current.result, true), reason }));
  return escalate(
    'time budget',
    'time_budget',
    `the ${settings.loop.timeBudgetMs} ms budget ran out while iteration ${iteration}'s candidates were on trial`,
  );
}

/**
 * A round in which no strategy produced a patch. An LLM or an agent command sees more on the
 * next attempt (seed 004's verbosity escalation), so while attempts last the loop goes on; the
 * deterministic strategies would answer the same again, so it stops, saying precisely why.
 */
function noCandidate(run: LoopRun, repair: RepairResult): Step {
  const { state, settings } = run;
  const max = settings.loop.maxAttemptsPerSignature;
  const attemptsLeft = state.current.result.violations.some((v) => (state.attempts.get(v.signature.hash) ?? 0) < max);
  const learnsFromAttempts = repair.attempts.some((a) => a.strategy === 'llm' || a.strategy === 'command');
  if (learnsFromAttempts && attemptsLeft) return NEXT;
  if (repair.attempts.some(isOversize))
    return escalate('patch size', 'patch_too_large', 'the only patches produced were over the size limit');
  const n = repair.rootCauses.length;
  const rejectedAll = repair.rootCauses.filter(
    (c) => (state.candidates.get(c.signature.hash)?.candidates.length ?? 0) > 0,
  ).length;
  const causes = `${n} remaining root cause${n === 1 ? '' : 's'}`;
  if (n > 0 && rejectedAll === n)
    return escalate(
      'retry budget',
      'all_candidates_rejected',
      `every candidate tried for the ${causes} was rejected and no strategy produced another`,
    );
  if (rejectedAll > 0)
    return escalate(
      'retry budget',
      'no_candidate',
      `no strategy produced a patch for the ${causes} (${rejectedAll} had every candidate ` +
        `rejected, ${n - rejectedAll} never had one)`,
    );
  return escalate('retry budget', 'no_candidate', 'no strategy produced a patch');
}

function isOversize(attempt: RepairAttempt): boolean {
  return attempt.outcome === 'rejected' && (attempt.rule === 'too_many_files' || attempt.rule === 'too_many_lines');
}

// The failures left had their attempts, and every patch they ever got was over the size limit.
function onlyOversize(run: LoopRun): boolean {
  const left = new Set(run.state.current.result.violations.map((v) => v.signature.key));
  const theirs = run.state.previousAttempts.filter((a) => left.has(a.signature));
  return theirs.some(isOversize) && !theirs.some((a) => a.outcome === 'patched');
}
