/**
 * Words generated models use for one meaning. A field named with one word of a group and
 * otherwise the same words (`hourly_fee`) stands for the member that uses another word of the
 * group (`hourly_rate`): spelling cannot see it and the word rule (`closestFieldName`) needs one
 * name's words inside the other's.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['fee', 'rate', 'price', 'cost', 'charge'],
  ['name', 'title', 'label'],
  ['quantity', 'qty'],
  ['description', 'desc', 'details'],
  ['phone', 'telephone', 'tel', 'mobile'],
  ['email', 'mail'],
  // A quantity and the unit it is kept in (`weight_per_100m` for `kg_per_100m`).
  ['weight', 'kg', 'kilograms', 'grams', 'mass'],
  ['length', 'metres', 'meters'],
];

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function synonyms(a: string, b: string): boolean {
  return a !== b && GROUPS.some((g) => g.includes(a) && g.includes(b));
}

/**
 * The one candidate whose words are `name`'s with exactly one word swapped for a synonym, in the
 * same order (`hourly_fee` → `hourly_rate`, `unit_cost` → `unit_price`); none or several → undefined.
 */
export function synonymName(name: string, candidates: Iterable<string>): string | undefined {
  const own = words(name);
  const matches = [...new Set(candidates)].filter((candidate) => {
    const theirs = words(candidate);
    if (theirs.length !== own.length) return false;
    const differing = theirs.map((w, i) => [w, own[i]!] as const).filter(([w, o]) => w !== o);
    return differing.length === 1 && synonyms(differing[0]![0], differing[0]![1]);
  });
  return matches.length === 1 ? matches[0] : undefined;
}
