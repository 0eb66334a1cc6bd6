/**
 * A filter literal that names a value the app never has: `status="complete"` where the codebase
 * defines and stores `"completed"`. The query then finds nothing, and the failure shows up later
 * as a division by an empty count, an empty first element or a missing row. The fix is the
 * literal, not a guard on the symptom (a guard turns the failure into a 2xx with zeros).
 *
 * Evidence, all required: the literal appears in the failing function and nowhere else in the
 * project's sources; a near-identical literal (a prefix/suffix within 3 characters, a case or
 * separator variant, or an edit distance of 1–2 on words of 5+ characters) is bound to a name
 * somewhere (`COMPLETED = "completed"`, an enum member, `Literal[...]`, `{ DONE: 'completed' }`)
 * or used as a literal at least twice elsewhere; exactly one such value exists.
 */
import type { SourceTree } from '../../source/source-tree.js';

/** One literal to replace in the failing function. */
export interface LiteralNearMiss {
  readonly literal: string;
  readonly replacement: string;
  /** 1-based lines of the function holding it. */
  readonly lines: readonly number[];
}

const LITERAL = /(["'])([A-Za-z][\w-]{2,40})\1/g;
const SKIP = /(^|\/)(node_modules|\.venv|venv|site-packages|dist|build|coverage|tests?|__tests__|migrations|alembic)\//;
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/;
// A literal bound to a name: `NAME = "v"`, `NAME: str = "v"`, `const NAME = 'v'`, `NAME: 'v',`.
const BOUND = new RegExp(
  String.raw`^\s*(?:export\s+)?(?:(?:const|let|var|readonly|` +
    String.raw`static)\s+)*[A-Za-z_$][\w$]*\s*(?::\s*[\w.[\], |` +
    String.raw`]+)?\s*[=:]\s*(["'])([^"'\n]+)\1\s*[,;]?\s*(?:#.*|\/\/.*)?$`,
);
const LITERAL_TYPE = /Literal\[([^\]]+)\]/g;

/** Near-miss literals in `file` between `fromLine` and `toLine` (1-based, inclusive). */
export async function findNearMissLiterals(
  tree: SourceTree,
  file: string,
  fromLine: number,
  toLine: number,
  extensions: readonly string[],
): Promise<LiteralNearMiss[]> {
  const source = await tree.read(file);
  if (source === null) return [];
  const lines = source.split('\n');
  const inFunction = new Map<string, number[]>();
  for (let n = fromLine; n <= Math.min(toLine, lines.length); n++) {
    for (const m of lines[n - 1]!.matchAll(LITERAL)) inFunction.set(m[2]!, [...(inFunction.get(m[2]!) ?? []), n]);
  }
  if (inFunction.size === 0) return [];
  const bound = new Set<string>();
  const elsewhere = new Map<string, number>();
  const files = (await tree.list()).filter(
    (f) => extensions.some((e) => f.endsWith(e)) && !SKIP.test(f) && !TEST_FILE.test(f),
  );
  for (const f of files) {
    const text = f === file ? source : await tree.read(f);
    if (text === null) continue;
    text.split('\n').forEach((line, i) => {
      const own = f === file && i + 1 >= fromLine && i + 1 <= toLine;
      if (!own) for (const m of line.matchAll(LITERAL)) elsewhere.set(m[2]!, (elsewhere.get(m[2]!) ?? 0) + 1);
      const b = BOUND.exec(line);
      if (b) bound.add(b[2]!);
      for (const t of line.matchAll(LITERAL_TYPE)) for (const m of t[1]!.matchAll(LITERAL)) bound.add(m[2]!);
    });
  }
  const out: LiteralNearMiss[] = [];
  for (const [literal, at] of inFunction) {
    if (bound.has(literal) || (elsewhere.get(literal) ?? 0) > 0) continue;
    const known = new Set([...bound, ...[...elsewhere].filter(([, n]) => n >= 2).map(([v]) => v)]);
    const near = [...known].filter((v) => v !== literal && isNearMiss(literal, v));
    if (near.length === 1) out.push({ literal, replacement: near[0]!, lines: [...new Set(at)] });
  }
  return out;
}

/** Whether `a` and `b` look like one value misspelt (see the module comment). */
export function isNearMiss(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  if (norm(a) === norm(b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.length - short.length <= 3 && (long.startsWith(short) || long.endsWith(short)))
    return true;
  return short.length >= 5 && editDistance(a, b) <= 2;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

/** `source` with each literal of `fix` replaced, on its lines only, keeping the quote. */
export function replaceLiteral(source: string, fix: LiteralNearMiss): string {
  const lines = source.split('\n');
  const escaped = fix.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const n of fix.lines)
    lines[n - 1] = lines[n - 1]!.replace(
      new RegExp(`(["'])${escaped}\\1`, 'g'),
      (_all, q: string) => `${q}${fix.replacement}${q}`,
    );
  return lines.join('\n');
}
