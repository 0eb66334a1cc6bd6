/** The record of one executed scenario, as `executeScenarios` hands it on to attribution and the report. */
import type { ScenarioStatus } from '../smoke-result.js';
import type { SentRequest } from './build-request.js';
import type { CheckFailure } from './check-response.js';
import type { CrashRecord } from './crash-guard.js';
import type { HttpFailure, HttpResponse } from './http-client.js';
import type { Scenario } from './scenario.js';

/** What happened to one scenario (before log attribution). */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly status: ScenarioStatus;
  readonly blockedBy: readonly string[];
  readonly request?: SentRequest;
  readonly response?: HttpResponse | HttpFailure;
  readonly failure?: CheckFailure;
  readonly notes: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  /** This request crashed the app (it was the one in flight when the app died). */
  readonly crash?: CrashRecord;
  /** Times it was sent again because the app died under it, crashed by another request. */
  readonly reruns?: number;
  /** It timed out and the app dumped its stacks: the dump is in the log up to `untilMs`. */
  readonly stackDump?: { readonly untilMs: number };
}
