import type { Crash } from '@smoke-repair/smoke-validator';
import type { SmokeSummary } from './loop-result.js';

/**
 * Progress of the loop, one event per substantive action with its outcome in a line or two
 * (seed 004: validate every substantive action). The CLI renders them; pipelines get them
 * through `onEvent`.
 */
export type LoopEvent =
  | { readonly type: 'baseline'; readonly smoke: SmokeSummary }
  | { readonly type: 'trigger'; readonly triggered: boolean; readonly reason: string }
  | { readonly type: 'iteration-start'; readonly iteration: number; readonly timeLeftMs: number }
  | {
      readonly type: 'repair';
      readonly iteration: number;
      readonly rootCauses: number;
      readonly patches: number;
      readonly rejected: number;
      readonly detail: readonly string[];
    }
  | {
      readonly type: 'patch-applied';
      readonly iteration: number;
      readonly patchId: string;
      readonly summary: string;
      readonly files: readonly string[];
    }
  | { readonly type: 'restart'; readonly iteration: number; readonly ok: boolean; readonly detail: string }
  | {
      readonly type: 'smoke';
      readonly iteration: number;
      readonly smoke: SmokeSummary;
      readonly rerun: boolean;
      readonly crashes?: readonly Crash[];
      readonly lane?: number;
    }
  | { readonly type: 'verdict'; readonly iteration: number; readonly kept: boolean; readonly detail: string }
  | {
      readonly type: 'rollback';
      readonly iteration: number;
      readonly patches: readonly string[];
      readonly detail: string;
    }
  | { readonly type: 'learning'; readonly recorded: number; readonly promoted: number; readonly detail: string }
  | { readonly type: 'stop'; readonly outcome: string; readonly reason: string }
  | { readonly type: 'warning'; readonly detail: string };
