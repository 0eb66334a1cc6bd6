/**
 * The graph model and its Cypher. Nodes: (:FixPattern), (:Signature {hash}), (:EndpointShape
 * {shape}), (:App {name}), (:Attempt {id}) and (:StatusChange {id}); (:PendingOutcome) holds an
 * outcome whose attempt has not arrived yet. Outcome counters live on the relationships
 * (p)-[:TRIED_ON]->(s), (p)-[:TRIED_AT {errorKind}]->(e), (p)-[:USED_IN]->(app), and in total on
 * the pattern. Every write is idempotent per event id (MERGE on a unique key; a node's `init`
 * flag tells the transaction that created it).
 */

/** Constraints and indexes, created idempotently at start. */
export const SCHEMA_STATEMENTS = [
  'CREATE CONSTRAINT smoke_fix_pattern_id IF NOT EXISTS FOR (p:FixPattern) REQUIRE p.id IS UNIQUE',
  'CREATE CONSTRAINT smoke_signature_hash IF NOT EXISTS FOR (s:Signature) REQUIRE s.hash IS UNIQUE',
  'CREATE CONSTRAINT smoke_endpoint_shape IF NOT EXISTS FOR (e:EndpointShape) REQUIRE e.shape IS UNIQUE',
  'CREATE CONSTRAINT smoke_app_name IF NOT EXISTS FOR (a:App) REQUIRE a.name IS UNIQUE',
  'CREATE CONSTRAINT smoke_attempt_id IF NOT EXISTS FOR (a:Attempt) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT smoke_status_change_id IF NOT EXISTS FOR (c:StatusChange) REQUIRE c.id IS UNIQUE',
  'CREATE CONSTRAINT smoke_pending_outcome IF NOT EXISTS FOR (o:PendingOutcome) REQUIRE o.attemptId IS UNIQUE',
  'CREATE INDEX smoke_fix_pattern_class IF NOT EXISTS FOR (p:FixPattern) ON (p.signatureClass)',
  'CREATE INDEX smoke_fix_pattern_status IF NOT EXISTS FOR (p:FixPattern) ON (p.status)',
  'CREATE INDEX smoke_status_change_pattern IF NOT EXISTS FOR (c:StatusChange) ON (c.patternId)',
  // Tier 2 of findKnownFixes reads the best few entries of one (endpoint shape, error kind) in
  // index order instead of sorting every pattern ever tried there.
  'CREATE INDEX smoke_tried_at_rank IF NOT EXISTS FOR ()-[t:TRIED_AT]-() ON (t.key, t.rank)',
  'CREATE INDEX smoke_tried_at_lang_rank IF NOT EXISTS FOR ()-[t:TRIED_AT]-() ON (t.langKey, t.rank)',
];

/**
 * A pattern's rank as a string whose ascending order is the ranking order: success rate (in
 * millionths) descending, trials descending, last use descending, id ascending.
 */
const RANK_OF_P = `right('0000000' + toString(1000000 - toInteger(round(p.successRate * 1000000))), 7)
  + right('0000000000' + toString(1000000000 - p.trials), 10)
  + right('0000000000000' + toString(9999999999999 - datetime(p.lastUsedAt).epochMillis), 13) + p.id`;

/** Recomputes the rank of these patterns and copies it (null when retired) onto their TRIED_AT relationships. */
export const REFRESH_RANKS = `
UNWIND $patternIds AS pid
MATCH (p:FixPattern {id: pid})
SET p.rank = ${RANK_OF_P}
WITH p
MATCH (p)-[t:TRIED_AT]->(e:EndpointShape)
WITH p, t, CASE WHEN t.errorKind = '' THEN e.shape ELSE e.shape + ' ' + t.errorKind END AS key
SET t.key = key, t.langKey = p.language + '|' + key, t.rank = CASE WHEN p.status = 'retired' THEN null ELSE p.rank END`;

const zero = (name: string): string => `${name}.attempts = 0, ${name}.successes = 0, ${name}.failures = 0`;

/**
 * Rows: {id, at, strategy, event, patternId, signatureClass, language, template, description, signature, app, shape,
 * errorKind}.
 */
export const RECORD_ATTEMPTS = `
UNWIND $rows AS row
MERGE (a:Attempt {id: row.id}) ON CREATE SET a.init = true
WITH a, row WHERE a.init = true
REMOVE a.init
SET a.at = row.at, a.strategy = row.strategy, a.event = row.event, a.patternId = row.patternId
MERGE (p:FixPattern {id: row.patternId})
  ON CREATE SET p.signatureClass = row.signatureClass, p.language = row.language, p.template = row.template,
    p.description = row.description, p.successes = 0, p.failures = 0, p.regressions = 0, p.trials = 0,
    p.successRate = 0.0, p.attempts = 0, p.status = 'candidate', p.createdAt = row.at, p.lastUsedAt = row.at
SET p.attempts = p.attempts + 1,
    p.lastUsedAt = CASE WHEN row.at > p.lastUsedAt THEN row.at ELSE p.lastUsedAt END,
    p.createdAt = CASE WHEN row.at < p.createdAt THEN row.at ELSE p.createdAt END
MERGE (s:Signature {hash: row.signature.hash})
  ON CREATE SET s.key = row.signature.key, s.exceptionType = row.signature.exceptionType, s.message = \
row.signature.message
MERGE (app:App {name: row.app})
CREATE (a)-[:USED]->(p), (a)-[:FOR]->(s), (a)-[:IN]->(app)
MERGE (p)-[ts:TRIED_ON]->(s) ON CREATE SET ${zero('ts')}
SET ts.attempts = ts.attempts + 1
MERGE (p)-[tu:USED_IN]->(app) ON CREATE SET ${zero('tu')}
SET tu.attempts = tu.attempts + 1
FOREACH (shape IN CASE WHEN row.shape IS NULL THEN [] ELSE [row.shape] END |
  MERGE (e:EndpointShape {shape: shape})
  CREATE (a)-[:AT {errorKind: row.errorKind}]->(e)
  MERGE (p)-[te:TRIED_AT {errorKind: row.errorKind}]->(e) ON CREATE SET ${zero('te')}
  SET te.attempts = te.attempts + 1)
RETURN row.id AS id, row.patternId AS patternId`;

/** Locks the attempts (so concurrent outcomes serialise) and reports which exist and have an outcome. */
export const LOCK_ATTEMPTS = `
UNWIND $ids AS id
OPTIONAL MATCH (a:Attempt {id: id})
FOREACH (x IN CASE WHEN a IS NULL THEN [] ELSE [a] END | SET x.lock = true REMOVE x.lock)
RETURN id, a IS NOT NULL AS known, a.outcome IS NOT NULL AS decided`;

/** Rows: {id, attemptId, at, outcome}; only attempts without an outcome. */
export const APPLY_OUTCOMES = `
UNWIND $rows AS row
MATCH (a:Attempt {id: row.attemptId}) WHERE a.outcome IS NULL
MATCH (a)-[:USED]->(p:FixPattern)
MATCH (a)-[:FOR]->(s:Signature) MATCH (p)-[ts:TRIED_ON]->(s)
MATCH (a)-[:IN]->(app:App) MATCH (p)-[tu:USED_IN]->(app)
OPTIONAL MATCH (a)-[at:AT]->(e:EndpointShape)
OPTIONAL MATCH (p)-[te:TRIED_AT {errorKind: at.errorKind}]->(e)
WITH a, p, ts, tu, te, row, CASE WHEN row.outcome = 'fixed' THEN 1 ELSE 0 END AS win
SET a.outcome = row.outcome, a.outcomeAt = row.at, a.outcomeId = row.id
SET p.successes = p.successes + win, p.failures = p.failures + 1 - win,
    p.regressions = p.regressions + CASE WHEN row.outcome = 'regressed' THEN 1 ELSE 0 END,
    p.trials = p.trials + 1,
    p.lastUsedAt = CASE WHEN row.at > p.lastUsedAt THEN row.at ELSE p.lastUsedAt END
SET p.successRate = toFloat(p.successes) / p.trials
SET ts.successes = ts.successes + win, ts.failures = ts.failures + 1 - win,
    tu.successes = tu.successes + win, tu.failures = tu.failures + 1 - win
FOREACH (r IN CASE WHEN te IS NULL THEN [] ELSE [te] END |
  SET r.successes = r.successes + win, r.failures = r.failures + 1 - win)
RETURN row.attemptId AS attemptId, p.id AS patternId`;

/** Rows: {id, attemptId, at, outcome} whose attempt is unknown here; returns those newly kept. */
export const KEEP_PENDING_OUTCOMES = `
UNWIND $rows AS row
MERGE (o:PendingOutcome {attemptId: row.attemptId}) ON CREATE SET o.init = true
WITH o, row WHERE o.init = true
REMOVE o.init
SET o.id = row.id, o.at = row.at, o.outcome = row.outcome
RETURN row.attemptId AS attemptId`;

/** Pending outcomes of these attempts, removed for applying. */
export const TAKE_PENDING_OUTCOMES = `
UNWIND $ids AS id
MATCH (o:PendingOutcome {attemptId: id})
WITH o, o {.id, .attemptId, .at, .outcome} AS row
DELETE o
RETURN row`;

/** Rows: {id, at, patternId, status, reason}; returns the ids newly applied. */
export const APPLY_STATUS = `
UNWIND $rows AS row
MERGE (c:StatusChange {id: row.id}) ON CREATE SET c.init = true
WITH c, row WHERE c.init = true
REMOVE c.init
SET c.at = row.at, c.status = row.status, c.reason = row.reason, c.patternId = row.patternId
WITH c, row
OPTIONAL MATCH (p:FixPattern {id: row.patternId})
FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [p] END | CREATE (c)-[:CHANGED]->(x))
FOREACH (x IN CASE WHEN p IS NOT NULL AND (p.statusChangedAt IS NULL OR row.at >= p.statusChangedAt) THEN [p] ELSE [] \
END |
  SET x.status = row.status, x.statusReason = row.reason, x.statusChangedAt = row.at)
RETURN row.id AS id, row.patternId AS patternId`;

/** Status changes that arrived before their pattern, attached once it exists. */
export const ATTACH_WAITING_STATUS = `
UNWIND $patternIds AS pid
MATCH (p:FixPattern {id: pid})
MATCH (c:StatusChange {patternId: pid}) WHERE NOT (c)-[:CHANGED]->(p)
WITH p, c ORDER BY c.at
CREATE (c)-[:CHANGED]->(p)
FOREACH (x IN CASE WHEN p.statusChangedAt IS NULL OR c.at >= p.statusChangedAt THEN [p] ELSE [] END |
  SET x.status = c.status, x.statusReason = c.reason, x.statusChangedAt = c.at)`;

const RANK = 'ORDER BY p.successRate DESC, p.trials DESC, p.lastUsedAt DESC, p.id ASC';
const LIVE = "p.status <> 'retired' AND ($language IS NULL OR p.language = $language)";

/** Tier 1 of known fixes: the patterns of a signature class (few; sorted here). */
export const FIND_BY_SIGNATURE_CLASS = `
MATCH (p:FixPattern {signatureClass: $signatureClass})
WHERE ${LIVE} AND (p.trials < $minTrials OR p.successRate > $minSuccessRate)
RETURN p {.*} AS pattern ${RANK} LIMIT $limit`;

/**
 * Tier 2 (the seed's rule), read in rank order from the TRIED_AT index (ordering by the key
 * too lets the planner take the index order: `limit` entries read, not every match).
 * `rank < $maxRank` is "success rate above the threshold".
 */
export const findByEndpoint = (withLanguage: boolean): string => `
MATCH ()-[t:TRIED_AT]->() WHERE t.${withLanguage ? 'langKey' : 'key'} = $key AND t.rank < $maxRank
WITH t ORDER BY t.${withLanguage ? 'langKey' : 'key'}, t.rank LIMIT $limit
WITH startNode(t) AS p, t.rank AS rank
RETURN p {.*} AS pattern ORDER BY rank`;

/** Patterns by filter, best first. */
export const LIST_PATTERNS = `
MATCH (p:FixPattern)
WHERE ($status IS NULL OR p.status = $status) AND ($signatureClass IS NULL OR p.signatureClass = $signatureClass)
  AND ($language IS NULL OR p.language = $language)
RETURN p {.*} AS pattern ${RANK} LIMIT $limit`;

/** One pattern with its context counters. */
export const SHOW_PATTERN = `
MATCH (p:FixPattern {id: $id})
CALL { WITH p OPTIONAL MATCH (p)-[r:TRIED_AT]->(e:EndpointShape)
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE {key: CASE WHEN r.errorKind = '' THEN e.shape ELSE e.shape + ' ' + \
r.errorKind END,
    successes: r.successes, failures: r.failures, attempts: r.attempts} END) AS endpoints }
CALL { WITH p OPTIONAL MATCH (p)-[r:USED_IN]->(a:App)
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE {key: a.name, successes: r.successes, failures: r.failures, \
attempts: r.attempts} END) AS apps }
CALL { WITH p OPTIONAL MATCH (p)-[r:TRIED_ON]->(s:Signature)
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE {key: s.hash, successes: r.successes, failures: r.failures, \
attempts: r.attempts} END) AS signatures }
RETURN p {.*} AS pattern, endpoints, apps, signatures`;

/** Store totals. */
export const STATS = `
CALL { MATCH (p:FixPattern) WITH p.status AS status, count(*) AS n RETURN collect({status: status, n: n}) AS byStatus }
CALL { MATCH (a:Attempt) RETURN count(a) AS attempts, sum(CASE a.outcome WHEN 'fixed' THEN 1 ELSE 0 END) AS fixed,
  sum(CASE a.outcome WHEN 'not_fixed' THEN 1 ELSE 0 END) AS notFixed, sum(CASE a.outcome WHEN 'regressed' THEN 1 ELSE \
0 END) AS regressed }
CALL { MATCH (s:Signature) RETURN count(s) AS signatures }
CALL { MATCH (a:App) RETURN count(a) AS apps }
CALL { MATCH (e:EndpointShape) RETURN count(e) AS endpointShapes }
RETURN byStatus, attempts, fixed, notFixed, regressed, signatures, apps, endpointShapes`;

/** Export, in four passes: attempts, their outcomes, outcomes still waiting, status changes. */
export const EXPORT_ATTEMPTS = 'MATCH (a:Attempt) RETURN a.event AS event ORDER BY a.at, a.id';
export const EXPORT_OUTCOMES = `MATCH (a:Attempt) WHERE a.outcome IS NOT NULL
RETURN {id: a.outcomeId, attemptId: a.id, at: a.outcomeAt, outcome: a.outcome} AS row ORDER BY a.outcomeAt, a.id`;
export const EXPORT_PENDING =
  'MATCH (o:PendingOutcome) RETURN o {.id, .attemptId, .at, .outcome} AS row ORDER BY o.at, o.attemptId';
export const EXPORT_STATUS = `MATCH (c:StatusChange)
RETURN c {.id, .at, .patternId, .status, .reason} AS row ORDER BY c.at, c.id`;
