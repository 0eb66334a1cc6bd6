import { replaceWordOnLine } from '../../python/python-edits.js';
import { closestName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { callOnLine, fitsCall, meantName, membersOf, missingAttribute } from './member-candidates.js';
import { fitsMoment, meantMoment, momentColumns } from './moment-member.js';
import { synonymName } from './word-synonyms.js';

// Verbs generated repositories and services use interchangeably, each group under one name.
const VERBS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    get: ['get', 'fetch', 'find', 'read', 'retrieve', 'load', 'lookup', 'obtain'],
    list: ['list', 'all', 'many', 'search', 'query'],
    create: ['create', 'add', 'insert', 'new', 'make', 'register'],
    update: ['update', 'edit', 'modify', 'patch', 'change'],
    delete: ['delete', 'remove', 'destroy', 'erase'],
    count: ['count', 'total', 'tally'],
  }).flatMap(([canonical, words]) => words.map((w) => [w, canonical])),
);
// Words that say nothing about which member is meant.
const FILLER = new Set([
  'one',
  'single',
  'a',
  'an',
  'the',
  'by',
  'item',
  'record',
  'entity',
  'obj',
  'object',
  'row',
  'data',
  'info',
  'first',
]);

/**
 * `AttributeError: 'X' object has no attribute 'y'` where y is not a misspelling of a member
 * (python.attribute-typo tried that) but means one: the same words in another order
 * (`date_of_birth` → `birth_date`), a word more or less (`phone_number` → `phone`), the one
 * date/datetime column of a model for a moment name (`subscriber_since` → `signed_up_on`; among
 * several, the one with the same words: `start_time` → `starts_at` beside `ends_at`), or a
 * synonymous verb on a repository or service (`fetch_one` → `get`, `find_order` → `get` on
 * OrderRepository), and first the member the value is read into (`voice_part=singer.voice_type`:
 * the keyword or dict key names a member of the object) or compared with (`Horse.owner_id ==
 * customer_id`: the value's name is a member); last, a synonym of one of its words
 * (`hourly_fee` → `hourly_rate`: `synonymName`). A called `.y(...)` only becomes a method
 * whose parameters fit the call; two members that fit as well → no candidate.
 */
export const pythonAttributeMeaning: RepairTemplate = {
  id: 'python.attribute-meaning',
  language: 'python',
  summary: "replace an attribute with the member of the object's class that it means",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const missing = exception && culprit ? missingAttribute(exception.message) : null;
    if (!missing || !culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const call = callOnLine(source, culprit.line, missing.attribute);
    const pool = (await membersOf(python, tree, missing)).filter((m) => fitsCall(m, call)).map((m) => m.name);
    // Spelling is the recipe's: its best guess is left out here, so this adds only what it could not see.
    const spelled = closestName(missing.attribute, pool);
    const rest = pool.filter((m) => m !== spelled);
    // A moment (`subscriber_since`) on a model is one of its date/datetime columns: when no member
    // shares its words, the only one is meant; a member typed otherwise that shares no word is not.
    const moments = call ? null : await momentColumns(python, tree, missing.owner, missing.attribute);
    const words = meantName(missing.attribute, rest);
    const ranked = [
      keywordNamed(source, culprit.line, missing.attribute, pool) ??
        // Only a column of the class in a query (`type object 'Horse'`): an instance's value
        // compared with a local says nothing of which member it meant.
        (/^type object /.test(exception!.message)
          ? comparedWith(source, culprit.line, missing.attribute, pool)
          : undefined),
      words,
      words || !moments ? undefined : restricted(meantMoment(missing.attribute, moments), rest),
      synonym(missing.attribute, rest, missing.owner),
      synonymName(missing.attribute, rest),
    ];
    const tried = new Set<string>();
    for (const [variant, replacement] of [
      ['keyword', ranked[0]],
      ['words', ranked[1]],
      ['moment', ranked[2]],
      ['verb', ranked[3]],
      ['synonym', ranked[4]],
    ] as const) {
      if (!replacement || tried.has(replacement) || !fitsMoment(missing.attribute, replacement, moments ?? null))
        continue;
      tried.add(replacement);
      const updated = replaceWordOnLine(source, culprit.line, missing.attribute, replacement, true);
      if (!updated) continue;
      await tree.write(culprit.file, updated);
      yield {
        key: `python.attribute-meaning#${variant}`,
        summary: `use .${replacement} for .${missing.attribute} at ${culprit.file}:${culprit.line}`,
        template: {
          recipe: `python.attribute-meaning#${variant}`,
          owner: missing.owner,
          from: missing.attribute,
          to: replacement,
        },
      };
    }
  },
};

// The model's moment column the name means, among all of them (not only those the spelling left:
// `start_date` is not the `ends_at` left once `starts_at` is taken), when it is still on offer.
function restricted(meant: string | undefined, rest: readonly string[]): string | undefined {
  return meant !== undefined && rest.includes(meant) ? meant : undefined;
}

// `voice_part=singer.voice_type` (or `"voice_part": singer.voice_type`): the value is read into the
// keyword or key that names a member of the object, the one it meant.
function keywordNamed(source: string, line: number, attribute: string, pool: readonly string[]): string | undefined {
  const text = source.split('\n')[line - 1] ?? '';
  const found = [
    ...text.matchAll(
      new RegExp(
        `(?:\\b(\\w+)\\s*=(?!=)|["'](\\w+)["']\\s*:)\\s*[A-Za-z_]\\w*(?:\\.\\w+)*\\.${attribute}\\b(?!\\s*\\()`,
        'g',
      ),
    ),
  ].map((m) => (m[1] ?? m[2])!);
  return found.length === 1 && pool.includes(found[0]!) ? found[0] : undefined;
}

// `Horse.owner_id == customer_id` (or `payload.customer_id == Horse.owner_id`): the attribute is
// compared with a value whose name is a member of the object — the column it meant.
function comparedWith(source: string, line: number, attribute: string, pool: readonly string[]): string | undefined {
  const text = source.split('\n')[line - 1] ?? '';
  const value = String.raw`(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)`;
  const read = String.raw`[A-Za-z_]\w*(?:\.\w+)*\.${attribute}\b(?!\s*\()`;
  const found = [
    ...text.matchAll(new RegExp(String.raw`${read}\s*[!=]=\s*${value}\b(?![\w.(])`, 'g')),
    ...text.matchAll(new RegExp(String.raw`(?<![\w.])${value}\s*[!=]=\s*${read}`, 'g')),
  ].map((m) => m[1]!);
  const named = [...new Set(found)].filter((n) => n !== attribute && pool.includes(n));
  return named.length === 1 ? named[0] : undefined;
}

// The one member with the same verb (up to synonyms) and the same other words, the owner's own
// words (`order` on OrderRepository) and filler words aside.
function synonym(name: string, pool: readonly string[], owner: string): string | undefined {
  const ownerWords = new Set(words(owner).map(singular));
  const key = (member: string) => {
    const all = words(member);
    const verbs = all.map((w) => VERBS[w]).filter((v): v is string => v !== undefined);
    const verb = verbs.includes('list') ? 'list' : verbs[0];
    const content = all
      .filter((w) => !VERBS[w] && !FILLER.has(w) && !ownerWords.has(singular(w)))
      .map(singular)
      .sort();
    return verb ? `${verb}:${content.join('_')}` : null;
  };
  const wanted = key(name);
  if (!wanted) return undefined;
  const matches = pool.filter((m) => key(m) === wanted);
  return matches.length === 1 ? matches[0] : undefined;
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
