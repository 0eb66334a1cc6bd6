/** Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * 1 for equal names, 0 for nothing in common; case and `_` differences weigh little. Words both
 * names share do not make them alike: `created_at` and `posted_at`, `first_name` and
 * `last_name`, `user_id` and `owner_id` are as far apart as the words that tell them apart, while
 * `publised_year` stays close to `published_year`, and `published_year` to `publication_year`
 * (words of one stem).
 */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const whole = spellingSimilarity(a, b);
  const own = words(a);
  const theirs = words(b);
  const restA = own.filter((w) => !theirs.includes(w));
  const restB = theirs.filter((w) => !own.includes(w));
  if (restA.length === own.length || restA.length === 0 || restB.length === 0) return whole;
  const [a2, b2] = [restA.join('_'), restB.join('_')];
  // Words of one stem (`published` ~ `publication`) still tell the same thing.
  if (commonPrefix(a2, b2) >= 4) return whole;
  return Math.min(whole, spellingSimilarity(a2, b2));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function spellingSimilarity(a: string, b: string): number {
  const na = a.toLowerCase().replace(/_/g, '');
  const nb = b.toLowerCase().replace(/_/g, '');
  const distance = Math.min(editDistance(a, b), editDistance(na, nb) + 0.5);
  return Math.max(0, 1 - distance / Math.max(a.length, b.length));
}

/**
 * The candidate closest to `name`, when it is close enough (default 0.6, difflib's cutoff) and
 * strictly closer than any other: an ambiguous guess is no fix.
 */
export function closestName(name: string, candidates: Iterable<string>, minScore = 0.6): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  let tie = false;
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const score = nameSimilarity(name, candidate);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return best !== undefined && bestScore >= minScore && !tie ? best : undefined;
}

/**
 * The field `name` most likely stands for: the closest spelling (`closestName`), else the one
 * candidate whose words are all words of `name` or the other way round (`phone_number` → `phone`,
 * `date_of_birth` → `birth_date`, `emailAddress` → `email`). Identifier words alone (`id`) never
 * match: `patient_id` is no spelling of a primary key.
 */
export function closestFieldName(name: string, candidates: Iterable<string>): string | undefined {
  const pool = [...new Set(candidates)].filter((c) => c !== name);
  const spelled = closestName(name, pool);
  if (spelled) return spelled;
  const own = meaningWords(name);
  const matches = pool.filter((candidate) => {
    const theirs = meaningWords(candidate);
    const shared = theirs.filter((w) => own.includes(w) && w.length >= 3 && w !== 'id');
    if (shared.length === 0) return false;
    return theirs.every((w) => own.includes(w)) || own.every((w) => theirs.includes(w));
  });
  return matches.length === 1 ? matches[0] : undefined;
}

// Words that join others (`rate_per_hour`, `date_of_birth`): no meaning of their own. Not `at`,
// `by`, `in`, `on`, `to`: they carry it (`created_at` is no `created_by`, `check_in` no `check_out`).
const JOINERS = new Set(['per', 'of', 'the', 'a', 'an']);

// A name's words as they mean: joiners aside, an adverb-adjective as its noun (`hourly` → `hour`,
// `daily` → `day`), so `rate_per_hour` and `hourly_rate` say the same. (Plurals stay: `task_count`
// is no `tasks`.)
function meaningWords(name: string): string[] {
  return words(name)
    .filter((w) => !JOINERS.has(w))
    .map((w) => (w === 'daily' ? 'day' : w.length > 5 && w.endsWith('ly') ? w.slice(0, -2) : w));
}

/** The lower-case words of a name: `validateOrderInput` → validate, order, input; `wood_id` → wood, id. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
