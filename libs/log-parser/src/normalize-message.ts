// Order matters: the specific shapes (uuids, timestamps, paths) go before the generic ones
// (quoted literals, hex, numbers) that would otherwise eat parts of them.
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  [/(?:\/(?:tmp|var\/tmp|private\/var\/folders)\/|[A-Za-z]:\\Users\\[^\\]+\\AppData\\Local\\Temp\\)\S*/g, '<tmp>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<addr>'],
  [/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '<str>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi, '<hex>'],
  // A made-up token mixing letters and digits (`Submarine 4-3q35yz`: a per-run unique suffix), but
  // not a word with a number (`sha256`, `int32`) nor a number with a unit (`200ms`, `64bit`);
  // after `_` too (`TEAM_7X2Q9C`).
  [
    new RegExp(
      String.raw`(?<![a-z0-9])(?![a-z]+\d+(?![a-z0-9]))(?!\d+[a-z]{1,3}(?![a-z0-9]))(?=[a-z]*\d)(?=\d*[a-z])` +
        String.raw`[a-z0-9]{5,}(?![a-z0-9])`,
      'gi',
    ),
    '<token>',
  ],
  [/[-+]?\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\b/gi, '<n>'],
];

/**
 * Replaces volatile values (uuids, timestamps, e-mails, temp paths, addresses, quoted literals,
 * hex, made-up tokens, numbers) with placeholders so the same bug hit with other data reads the same.
 */
export function normalizeMessage(message: string): string {
  const known = memo.get(message);
  if (known !== undefined) return known;
  const normalized = normalize(message);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(message, normalized);
  return normalized;
}

// Messages repeat across the traces of a log; the memo is bounded and simply starts over.
const MEMO_LIMIT = 10_000;
const memo = new Map<string, string>();

function normalize(message: string): string {
  let out = message.length > 500 ? message.slice(0, 500) : message;
  for (const [pattern, placeholder] of REPLACEMENTS) out = out.replace(pattern, placeholder);
  return out.replace(/\s+/g, ' ').trim();
}
