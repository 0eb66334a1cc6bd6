import { closestFieldName } from '../../similarity.js';

// Words that name "the moment of" in field names: `starts_at`, `start_time`, `start_date`, `started_on`,
// `subscriber_since`.
const MOMENT = new Set(['at', 'on', 'since', 'time', 'date', 'datetime', 'timestamp', 'ts', 'when']);

/**
 * The field `name` stands for: `closestFieldName` (spelling, then shared words), else the one
 * candidate whose word stems are all stems of `name` or the other way round, where plurals and
 * inflections share a stem (`events` ~ `event`, `starts` ~ `start`) and the "moment" suffixes are
 * one word (`starts_at` ~ `start_time`, `upcoming_event_count` ~ `upcoming_events`), else the one
 * candidate naming the same words where some are abbreviated (`weight_grams` ~ `weight_g`,
 * `duration_min` ~ `duration_minutes`). Ambiguous → undefined; a match on moment or id words alone
 * never counts.
 */
export function closestFieldMeaning(name: string, candidates: Iterable<string>): string | undefined {
  const pool = [...new Set(candidates)].filter((c) => c !== name);
  const direct = closestFieldName(name, pool);
  if (direct) return direct;
  const own = stems(name);
  const matches = pool.filter((candidate) => {
    const theirs = stems(candidate);
    if (!theirs.some((w) => own.includes(w) && w.length >= 3 && w !== 'id' && w !== '@moment')) return false;
    return theirs.every((w) => own.includes(w)) || own.every((w) => theirs.includes(w));
  });
  if (matches.length > 0) return matches.length === 1 ? matches[0] : undefined;
  const abbreviated = pool.filter((candidate) => abbreviates(own, stems(candidate)));
  return abbreviated.length === 1 ? abbreviated[0] : undefined;
}

// Word for word the same, where one side may cut a word short (a unit: `g` for `grams`), and at
// least one full content word in common: `weight_g` ~ `weight_grams`, never `weight` ~ `width`.
function abbreviates(own: readonly string[], theirs: readonly string[]): boolean {
  if (own.length !== theirs.length) return false;
  const shared = own.some((w, i) => w === theirs[i] && w.length >= 3 && w !== 'id' && w !== '@moment');
  const cut = own.some((w, i) => w !== theirs[i]);
  return (
    shared &&
    cut &&
    own.every((w, i) => {
      const t = theirs[i]!;
      return w === t || (!w.startsWith('@') && !t.startsWith('@') && (shortFor(w, t) || shortFor(t, w)));
    })
  );
}

// `short` cuts `word` short (`min` for `minute`) or is a unit's initials in it, in order (`cm` for `centimeter`).
function shortFor(short: string, word: string): boolean {
  if (short.length >= word.length || short[0] !== word[0]) return false;
  // One letter is a unit's symbol (`g`); a cut needs 3 letters: `no` is no word cut from `notes`.
  if (word.startsWith(short)) return short.length === 1 || short.length >= 3;
  if (short.length > 3) return false;
  let at = 0;
  for (const c of short) {
    // A letter not found is no initial: searching on from -1 would start over at 0.
    const found = word.indexOf(c, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

/** Lower-case word stems of an identifier (`upcomingEvents` → `upcoming`, `event`). */
export function stems(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => (MOMENT.has(w) ? '@moment' : stem(w)));
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
