import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { SmokeResult } from '@smoke-repair/smoke-validator';
import type { IterationRecord } from './loop-result.js';
import { isOwnFailure } from './own-failure.js';

/** One patch of an iteration as recorded (outcome from the smoke after it, until a verdict replaces it). */
export type PatchRecord = IterationRecord['patches'][number];

/** The record of `patch` from the smoke after it (`regressed`: its round was rolled back). */
export function patchRecord(patch: RepairPatch, after: SmokeResult, regressed: boolean): PatchRecord {
  const stillFailing = after.violations.some((v) => isOwnFailure(patch, v));
  return {
    id: patch.id,
    signature: patch.signature.key,
    strategy: patch.strategy,
    summary: patch.summary,
    files: [...patch.files],
    changedLines: patch.changedLines,
    ...(patch.patternId ? { patternId: patch.patternId } : {}),
    outcome: regressed ? 'rolled_back' : stillFailing ? 'not_fixed' : 'fixed',
  };
}
