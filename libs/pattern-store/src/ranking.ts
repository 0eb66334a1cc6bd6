import { endpointShape } from './endpoint-shape.js';
import { endpointKey } from './events.js';
import type { FixPattern, KnownFix, KnownFixQuery, PromotionPolicy } from './types.js';

/** The seed's threshold: reuse and promote fixes with a success rate above 70%... */
export const DEFAULT_MIN_SUCCESS_RATE = 0.7;
/** ...measured over at least 3 trials. */
const DEFAULT_MIN_TRIALS = 3;
const DEFAULT_LIMIT = 10;

/** A `KnownFixQuery` with its defaults applied and the endpoint reduced to a context key. */
export interface NormalizedKnownFixQuery {
  signatureClass: string | undefined;
  language: string | undefined;
  /** `POST /{collection} 500`, set only when both shape and error kind are known. */
  endpointKey: string | undefined;
  endpointShape: string | undefined;
  errorKind: string | undefined;
  minSuccessRate: number;
  minTrials: number;
  limit: number;
}

/** Applies defaults and derives the endpoint key (tier 2 needs both shape and error kind). */
export function normalizeKnownFixQuery(query: KnownFixQuery): NormalizedKnownFixQuery {
  const shape =
    query.endpointShape ?? (query.endpoint ? endpointShape(query.endpoint.method, query.endpoint.path) : undefined);
  const kind = query.errorKind === undefined ? undefined : String(query.errorKind);
  return Object.freeze({
    signatureClass: query.signatureClass,
    language: query.language,
    endpointKey: shape !== undefined && kind !== undefined ? endpointKey(shape, kind) : undefined,
    endpointShape: shape,
    errorKind: kind,
    minSuccessRate: query.minSuccessRate ?? DEFAULT_MIN_SUCCESS_RATE,
    minTrials: query.minTrials ?? DEFAULT_MIN_TRIALS,
    limit: query.limit ?? DEFAULT_LIMIT,
  });
}

/** The fields ranking and filtering read (a `FixPattern`, or a backend's cheaper record). */
export type RankFields = Pick<
  FixPattern,
  'id' | 'signatureClass' | 'language' | 'status' | 'successRate' | 'trials' | 'lastUsedAt'
>;

/** Best first: success rate, then trials, then most recently used; id breaks ties. */
export function compareByRank(a: RankFields, b: RankFields): number {
  return (
    b.successRate - a.successRate ||
    b.trials - a.trials ||
    (a.lastUsedAt < b.lastUsedAt ? 1 : a.lastUsedAt > b.lastUsedAt ? -1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Tier 1 (same signature class): not retired, and either still under-tried (fewer than
 * `minTrials` trials: worth trying) or proven (success rate above the threshold).
 */
export function qualifiesBySignatureClass(pattern: RankFields, query: NormalizedKnownFixQuery): boolean {
  return (
    pattern.status !== 'retired' &&
    pattern.signatureClass === query.signatureClass &&
    (query.language === undefined || pattern.language === query.language) &&
    (pattern.trials < query.minTrials || pattern.successRate > query.minSuccessRate)
  );
}

/** Tier 2 (the seed's rule; the caller checks the endpoint context): not retired, success rate above the threshold. */
export function qualifiesByEndpoint(pattern: RankFields, query: NormalizedKnownFixQuery): boolean {
  return (
    pattern.status !== 'retired' &&
    (query.language === undefined || pattern.language === query.language) &&
    pattern.successRate > query.minSuccessRate
  );
}

/** Ranks both tiers (tier 1 first), drops tier-2 duplicates of tier-1 answers, applies the limit. */
export function rankKnownFixes(
  bySignatureClass: FixPattern[],
  byEndpoint: FixPattern[],
  query: NormalizedKnownFixQuery,
): KnownFix[] {
  const first = [...bySignatureClass].sort(compareByRank);
  const seen = new Set(first.map((pattern) => pattern.id));
  const second = byEndpoint.filter((pattern) => !seen.has(pattern.id)).sort(compareByRank);
  return [
    ...first.map((pattern) => ({ pattern, match: 'signature_class' as const })),
    ...second.map((pattern) => ({ pattern, match: 'endpoint_error' as const })),
  ].slice(0, query.limit);
}

/** Whether a candidate meets the promotion policy (default: success rate > 0.7 over ≥ 3 trials). */
export function isPromotable(pattern: FixPattern, policy: PromotionPolicy = {}): boolean {
  return (
    pattern.status === 'candidate' &&
    pattern.trials >= (policy.minTrials ?? DEFAULT_MIN_TRIALS) &&
    pattern.successRate > (policy.minSuccessRate ?? DEFAULT_MIN_SUCCESS_RATE)
  );
}
