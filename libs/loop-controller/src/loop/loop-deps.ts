import type { PatternStore } from '@smoke-repair/pattern-store';
import type { RejectedCandidate, RepairAttempt, RepairResult } from '@smoke-repair/repair-agent';
import type { FreshnessReport, SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import type { Workspace } from '../workspace/workspace.js';
import type { LoopEvent } from './events.js';

/** One smoke run as the loop needs it. */
export interface SmokeOutcome {
  readonly result: SmokeResult;
  readonly freshness: FreshnessReport | null;
  /** The exact commands this run executed (test-command mode) or that reproduce it. */
  readonly commands: readonly string[];
  /** Report files it wrote (smoke.html, smoke.xml), when any. */
  readonly reports: { readonly html: string; readonly junit: string } | null;
}

/** What a smoke run is asked for: the attempt drives seed 004's verbosity escalation. */
export interface SmokeRequest {
  readonly iteration: number;
  readonly attempt: number;
  /** Failing tests to rerun focused on the 3rd attempt (test-command mode). */
  readonly focus: readonly string[];
  readonly rerun: boolean;
}

/** The ports the loop runs on; `runRepairLoop` wires the real ones, tests wire fakes. */
export interface LoopDeps {
  smoke(request: SmokeRequest): Promise<SmokeOutcome>;
  /** Restart the app so it serves the patched code (freshness is checked by the next smoke). */
  restart(): Promise<void>;
  /** `rejected`: candidates verified and rejected earlier, never to be proposed again. */
  repair(
    violations: readonly Violation[],
    context: { attempt: number; previousAttempts: readonly RepairAttempt[]; rejected?: readonly RejectedCandidate[] },
  ): Promise<RepairResult>;
  readonly workspace: Workspace;
  readonly store?: PatternStore;
  /** Name recorded as the app in learned patterns. */
  readonly appName: string;
  /** `pip freeze` / `npm ls` of the app, for the escalation bundle (null when unavailable). */
  requirementsSnapshot?(): Promise<string | null>;
  /** The port-listener line (`ss -lntp | grep :PORT`). */
  portListener?(): Promise<string | null>;
  /**
   * The service as it is now, for the escalation bundle — started first when it is down (a crash
   * may have left it so) unless the run was interrupted: its meta endpoint's answer and its
   * port-listener line.
   */
  serviceSnapshot?(): Promise<{ readonly meta: string | null; readonly ss: string | null }>;
  /** Writes an artifact file (`name` may be `dir/file`; folders made); returns its path (as reported in the bundle). */
  writeArtifact(name: string, content: string): Promise<string>;
  readonly artifactsDir: string;
  /** The command that reproduces the smoke run (`smoke-repair smoke --config …`). */
  readonly smokeCommand: string;
  readonly now?: () => number;
  readonly onEvent?: (event: LoopEvent) => void;
  /**
   * Extra copies of the app to try candidates in at the same time as each other (`loop.parallelism`):
   * regression isolation tries each candidate alone in its own lane instead of one after another.
   * Absent, or `size` 1: one candidate at a time, in the loop's own copy.
   */
  readonly lanes?: TrialLanes;
}

/**
 * One throwaway copy of the app at the loop's last good checkpoint: its own tree, its own app
 * on its own port (or its own test-command runs), its own data. Closed after one trial.
 */
export interface TrialLane {
  /** 1-based, for events (`lane 2: …`). */
  readonly id: number;
  readonly workspace: Workspace;
  /** (Re)starts the lane's app on its tree as it is (a no-op without a runner). */
  restart(): Promise<void>;
  smoke(request: SmokeRequest): Promise<SmokeOutcome>;
  /** Stops its app and removes its copy. */
  close(): Promise<void>;
}

/** Where lanes come from: at most `size` are open at once. */
export interface TrialLanes {
  readonly size: number;
  /** A new lane, copied from the loop's tree as it is now (call it while that tree is at a good checkpoint). */
  open(): Promise<TrialLane>;
}
