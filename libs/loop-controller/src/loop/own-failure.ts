import type { RepairPatch } from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { failureKey } from './summarize.js';

/**
 * Is `violation` one of the failures `patch` was written for? Its signature; or, for documented
 * routes answering 404 (one root cause however many routers are missing), one of its endpoints or
 * one of its failures by name — a test's 404 read as a missing route keeps its nodeid as its key.
 */
export function isOwnFailure(patch: RepairPatch, violation: Violation): boolean {
  if (violation.signature.hash === patch.signature.hash) return true;
  if (patch.rootCause !== 'route-missing') return false;
  return patch.endpoints.includes(violation.endpoint) || (patch.failures?.includes(failureKey(violation)) ?? false);
}
