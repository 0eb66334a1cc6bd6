/**
 * What a candidate's diff says about the failure after it: the names it dropped or introduced
 * (a later error that names one of them follows from the patch), the 4xx statuses it writes (a
 * scenario now answered by the patch's own 4xx was not fixed), and whether it swallows an error.
 */

/** Names the patch removed (in `-` lines only) and introduced (in `+` lines only). */
function changedNames(diff: string): { dropped: Set<string>; introduced: Set<string> } {
  const removed = new Set<string>();
  const added = new Set<string>();
  for (const line of diff.split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++')) continue;
    if (line.startsWith('-')) for (const name of identifiers(line.slice(1))) removed.add(name);
    else if (line.startsWith('+')) for (const name of identifiers(line.slice(1))) added.add(name);
  }
  return {
    dropped: new Set([...removed].filter((n) => !added.has(n))),
    introduced: new Set([...added].filter((n) => !removed.has(n))),
  };
}

/**
 * The names an error message is about: quoted names (`name 'desc' is not defined`, `reading
 * 'id'`), dotted paths (`NOT NULL constraint failed: patients.birth_date`) and identifiers in
 * snake_case or camelCase. Plain words are left out: they say nothing about a patch.
 */
function namesInMessage(message: string): Set<string> {
  const out = new Set<string>();
  for (const m of message.matchAll(/['"`]([A-Za-z_$][\w$]*)['"`]/g)) out.add(m[1]!);
  for (const m of message.matchAll(/\b[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+\b/g))
    for (const part of m[0].split('.')) if (isCompound(part)) out.add(part);
  for (const m of message.matchAll(/\b[A-Za-z_$][\w$]*\b/g)) if (isCompound(m[0])) out.add(m[0]);
  return out;
}

/**
 * A name in the message that the patch dropped or introduced — by spelling, or by its words
 * (`birth_date` for a dropped `date_of_birth`): the later failure follows from the patch.
 */
export function nameFromPatch(message: string, diff: string): string | null {
  const { dropped, introduced } = changedNames(diff);
  const touched = [...dropped, ...introduced].filter((n) => n.length >= 3 && !COMMON.has(n));
  for (const name of namesInMessage(message)) {
    if (COMMON.has(name)) continue;
    for (const candidate of touched) {
      if (candidate === name) return name;
      const a = words(name);
      const b = words(candidate);
      if (a.length >= 2 && b.length >= 2 && (a.every((w) => b.includes(w)) || b.every((w) => a.includes(w))))
        return name;
    }
  }
  return null;
}

// An app's own error classes named for their status (`throw new NotFoundError(…)`, `raise Conflict(…)`).
const NAMED_STATUSES: readonly [RegExp, number][] = [
  [/^(?:[\w.]*\.)?(?:Http|Resource|Entity|Record)?NotFound(?:Error|Exception)?$/, 404],
  [/^(?:[\w.]*\.)?(?:Http)?Conflict(?:Error|Exception)?$/, 409],
];

/**
 * The 4xx statuses a patch writes (`status_code=404`, `res.status(404)`, `HTTP_404_…`, an error
 * class named for its status thrown or raised: `throw new NotFoundError(…)`), on lines it adds, not
 * on lines it only moves.
 */
export function writtenClientStatuses(diff: string): Set<number> {
  const out = new Set<number>();
  const lines = diff.split('\n');
  // A line the patch only moves or re-indents (its text removed elsewhere) is the app's, not the patch's.
  const removed = new Set(lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1).trim()));
  for (const line of lines) {
    if (!line.startsWith('+') || line.startsWith('+++') || removed.has(line.slice(1).trim())) continue;
    for (const m of line.matchAll(
      /(?:status(?:_code)?\s*[=:(]\s*|HTTP_|code\(\s*|createError\(\s*|abort\(\s*)(4\d\d)\b/g,
    ))
      out.add(Number(m[1]));
    for (const m of line.matchAll(/\b(?:throw\s+new|raise)\s+([\w.]+)\s*\(/g))
      for (const [named, status] of NAMED_STATUSES) if (named.test(m[1]!)) out.add(status);
  }
  return out;
}

/**
 * An error handler the patch adds whose body answers or carries on (`return`, `pass`, a
 * response) without raising, forwarding (`next(err)`) or answering a 4xx: it hides the error.
 * A handler that only assigns a default is not flagged (a guarded default can be right).
 */
export function swallowsError(diff: string): boolean {
  const added = diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));
  for (let i = 0; i < added.length; i++) {
    if (!/^\s*except\b.*:\s*(#.*)?$|\bcatch\s*(\([^)]*\))?\s*\{|\.catch\(/.test(added[i]!)) continue;
    const body =
      added.slice(i + 1, i + 7).join('\n') +
      (/:\s*\S/.test(added[i]!.replace(/^\s*except\b[^:]*:/, ':')) ? added[i]! : '');
    const inline = added[i]!.replace(/^.*?(catch\s*(\([^)]*\))?\s*\{|\.catch\(|except\b[^:]*:)/, '');
    const text = `${inline}\n${body}`;
    if (/\braise\b|\bthrow\b|\bnext\(|HTTPException|(?:status(?:_code)?|code)\s*[=(]\s*4\d\d|\breject\(/.test(text))
      continue;
    if (/^\s*(return\b|pass\b|continue\b)|res\.(json|send|end)\(|reply\.send\(/m.test(text)) return true;
  }
  return false;
}

const COMMON = new Set([
  'self',
  'this',
  'None',
  'null',
  'undefined',
  'true',
  'false',
  'True',
  'False',
  'return',
  'await',
  'async',
  'const',
  'let',
  'var',
  'import',
  'from',
  'def',
  'function',
  'NoneType',
  'object',
  'str',
  'int',
]);

function identifiers(text: string): string[] {
  return [
    ...text.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, (s) => ` ${s.slice(1, -1)} `).matchAll(/[A-Za-z_$][\w$]*/g),
  ].map((m) => m[0]);
}

function isCompound(name: string): boolean {
  return /_/.test(name.replace(/^_+|_+$/g, '')) || /[a-z][A-Z]/.test(name);
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_$]+/)
    .filter((w) => w.length > 0 && !['of', 'the', 'a', 'an', 'at', 'on', 'to'].includes(w));
}

// A literal that stands for "nothing" (what a guard substitutes for a value it could not compute).
const EMPTY = String.raw`(?:0(?:\.0+)?|None|null|undefined|False|false|\[\]|\{\}|''|""|dict\(\)|list\(\))`;
const DEFAULT_LINE = [
  // Python: `a / n if n else 0.0`, `rows or []`, also inside a call (`round(a / n if n else 0.0, 2)`)
  new RegExp(String.raw`\bif\b.+\belse\s+${EMPTY}(?![\w.(])`),
  new RegExp(String.raw`\bor\s+${EMPTY}(?![\w.(])`),
  // JavaScript: `x ?? 0`, `x || []`, `n ? a / n : 0`
  new RegExp(String.raw`(?:\?\?|\|\|)\s*${EMPTY}(?![\w.])`),
  new RegExp(String.raw`\?[^:?]+:\s*${EMPTY}\s*[;),]`),
];
const GUARD = /^\s*(?:if\b.*:\s*(?:#.*)?$|if\s*\(.*\)\s*\{?\s*$)/;
const RETURN_EMPTY = new RegExp(String.raw`^\s*return\s+${EMPTY}\s*;?\s*(?:#.*|//.*)?$`);

/**
 * The patch substitutes an empty default (0, None, [], …) for a value it could not compute: a
 * conditional expression falling back to one, or an added `if` whose body returns one. Such a
 * guard is right only when the empty answer is: a request that completes on it and is then
 * answered as wrong data was not fixed, its error was turned into that data.
 */
export function writesGuardedDefault(diff: string): boolean {
  const added = diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));
  if (added.some((line) => DEFAULT_LINE.some((pattern) => pattern.test(line)))) return true;
  return added.some((line, i) => GUARD.test(line) && RETURN_EMPTY.test(added[i + 1] ?? ''));
}
