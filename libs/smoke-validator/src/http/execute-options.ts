/** What `executeScenarios` is given besides the plan: where and how to send, and what to tell. */
import type { CrashGuard } from './crash-guard.js';
import type { HttpClient } from './http-client.js';
import type { Scenario } from './scenario.js';
import type { ScenarioRun } from './scenario-run.js';

/** Options of `executeScenarios`. */
export interface ExecuteOptions {
  readonly http: HttpClient;
  readonly baseUrl: string;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Sent with every request (e.g. Authorization); redacted in every output. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Body bytes read per response (default 1 MiB); longer bodies are cut and not validated. */
  readonly maxBodyBytes?: number;
  /** Name of the request id header (default `X-Request-ID`). */
  readonly requestIdHeader?: string;
  /** The request id of a scenario (unique within the run); default a random UUID. */
  readonly requestIdOf?: (scenario: Scenario) => string;
  readonly signal?: AbortSignal;
  readonly onScenario?: (run: ScenarioRun) => void;
  readonly now?: () => number;
  /** Sees the app die under a request, restarts it and reruns the requests it took down. */
  readonly guard?: CrashGuard;
  /** Stop after this many failed scenarios: the ones not yet sent are blocked (requests in flight finish). */
  readonly maxFailures?: number;
  /**
   * Awaited after a 5xx answer, before its slot goes to the next request: the app logs a trace
   * after its response often enough (uvicorn does) that the next request would begin before it.
   */
  readonly afterServerError?: () => Promise<void>;
  /**
   * A PUT, PATCH or POST action on a record nothing in the contract creates takes the contract's
   * example id (`smoke.documentedTargets`): only where the app's data is disposable.
   */
  readonly documentedTargets?: boolean;
}
