/**
 * `createFreshnessCheck`: the freshness step wired to fetch, execa (probe/restart commands)
 * and the port-listener record.
 */
import {
  checkFreshness,
  probeFreshness,
  type FreshnessCheckContext,
  type FreshnessReport,
} from '../freshness/check-freshness.js';
import type { FreshnessExpectations, FreshnessProbe } from '../freshness/evaluate.js';
import { resolveFreshnessOptions, type FreshnessOptions } from '../freshness/freshness-options.js';
import { runCommand } from './command-runner.js';
import { fetchHttpProbe, systemClock } from './node-probes.js';
import { findPortListener } from './port-listener.js';

/** A configured freshness check. */
export interface FreshnessCheck {
  /** Probe; if stale, restart once and probe again. Rejects with `StaleServiceError` if still stale. */
  check(context?: FreshnessCheckContext): Promise<FreshnessReport>;
  /** One probe, no restart; never throws. */
  probe(expectations?: FreshnessExpectations): Promise<FreshnessProbe>;
}

/**
 * Creates a freshness check (throws `InvalidOptionsError` or `NonLoopbackTargetError`).
 *
 * @example
 * const freshness = createFreshnessCheck({ meta: { url: 'http://127.0.0.1:8790/__meta' }, port: 8790 });
 * const report = await freshness.check({ restart: () => runner.restart(), notBeforeMs: patchedAt });
 */
export function createFreshnessCheck(options: FreshnessOptions): FreshnessCheck {
  const resolved = resolveFreshnessOptions(options);
  const deps = { http: fetchHttpProbe, run: runCommand, listener: findPortListener, clock: systemClock };
  return {
    check: (context) => checkFreshness(resolved, deps, context),
    probe: (expectations) => probeFreshness(resolved, deps, expectations),
  };
}
