import { diffLines } from '../../../diff/line-diff.js';
import { norm } from './edit.js';
import { indentOf, indentScale, reindent, widthOf } from './reindent.js';

/** How a block was placed: the first tier that found exactly one place for it. */
export type MatchTier = 'exact' | 'whitespace' | 'listing' | 'elision' | 'removed-lines';

/** The file's lines after the replacement, or why the block has no single place. */
export type BlockResult =
  | { readonly ok: true; readonly lines: string[]; readonly tier: MatchTier }
  | { readonly ok: false; readonly reason: string };

type Found = BlockResult | { readonly ok: false; readonly reason: string; readonly missing: true };

const ELISION = /^\s*(\.\.\.|…|(#|\/\/|--|;)\s*(\.\.\.|…).*|\/\*\s*(\.\.\.|…).*\*\/|<!--\s*(\.\.\.|…).*-->)\s*$/;
const LISTING = /^\s*(\d+)(?:\s*[|:>│]\s?| {1,2})/;

/**
 * Replaces the `search` lines of a file with the `replace` lines, as Aider does, trying in order:
 * an exact match; a whitespace-insensitive one (indentation, tabs, trailing and inner spaces,
 * blank lines) that keeps the replacement's indentation relative to the file's; the same after
 * stripping a copied line-number listing (`12 | `, `12: `, `   8> `); `...` elisions (each piece
 * placed on its own); and last the lines the edit removes, when they occur exactly once.
 * Several places are refused as ambiguous, never guessed.
 */
export function replaceBlock(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
): BlockResult {
  if (search.every((l) => l.trim() === ''))
    return { ok: false, reason: 'the lines to replace are empty: quote the existing lines the edit changes' };
  const direct = placeDirectly(file, search, replace);
  if (direct.ok || !('missing' in direct)) return strip(direct);
  if (isListing(search)) {
    const listed = placeDirectly(file, search.map(unlist), unlistReplace(replace));
    if (listed.ok) return { ...listed, tier: 'listing' };
    if (!('missing' in listed)) return strip(listed);
    return withFallbacks(file, search.map(unlist), unlistReplace(replace));
  }
  return withFallbacks(file, search, replace);
}

function withFallbacks(file: readonly string[], search: readonly string[], replace: readonly string[]): BlockResult {
  if (search.some((l) => ELISION.test(l))) return placeElided(file, search, replace);
  const removed = placeRemovedLines(file, search, replace);
  if (removed) return removed;
  return { ok: false, reason: notFound(file, search) };
}

function placeDirectly(file: readonly string[], search: readonly string[], replace: readonly string[]): Found {
  const exact = positions(file.length, search.length, (at, k) => file[at + k] === search[k]);
  if (exact.length === 1)
    return {
      ok: true,
      lines: [...file.slice(0, exact[0]), ...replace, ...file.slice(exact[0]! + search.length)],
      tier: 'exact',
    };
  if (exact.length > 1) return ambiguous(exact);
  return placeLoosely(file, search, replace);
}

function placeLoosely(file: readonly string[], search: readonly string[], replace: readonly string[]): Found {
  const fileAt = file.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  const fileKeys = fileAt.map((i) => norm(file[i]!));
  const searchAt = search.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  const keys = searchAt.map((i) => norm(search[i]!));
  const starts = positions(fileKeys.length, keys.length, (at, k) => fileKeys[at + k] === keys[k]);
  if (starts.length === 0) return { ok: false, reason: 'not found', missing: true };
  if (starts.length > 1) return ambiguous(starts.map((p) => fileAt[p]!));
  const pair = new Map(searchAt.map((s, k) => [s, fileAt[starts[0]! + k]!]));
  const start = fileAt[starts[0]!]!;
  const end = fileAt[starts[0]! + keys.length - 1]! + 1;
  return {
    ok: true,
    lines: [...file.slice(0, start), ...render(file, search, replace, pair), ...file.slice(end)],
    tier: 'whitespace',
  };
}

// The replacement over a loosely matched region: unchanged lines are the file's own lines
// (exact whitespace kept), new lines are re-indented from the nearest unchanged one.
function render(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  pair: ReadonlyMap<number, number>,
): string[] {
  const base = widthOf(indentOf(search.find((l) => l.trim() !== '') ?? ''));
  const key = (line: string): string => (line.trim() === '' ? '' : `${widthOf(indentOf(line)) - base}|${norm(line)}`);
  const ops = diffLines(search.map(key), replace.map(key));
  const first = [...pair][0]!;
  const scale = indentScale([...pair].map(([s, f]) => [indentOf(search[s]!), indentOf(file[f]!)] as const));
  let anchor = { model: indentOf(search[first[0]]!), file: indentOf(file[first[1]]!) };
  const out: string[] = [];
  let lastFile = -1;
  let other = false;
  let s = 0;
  let r = 0;
  const reach = (f: number): void => {
    // Blank lines the file has between two kept lines, that the model dropped from its quote.
    if (lastFile >= 0 && !other && f > lastFile + 1 && file.slice(lastFile + 1, f).every((l) => l.trim() === ''))
      out.push(...file.slice(lastFile + 1, f));
    lastFile = f;
    other = false;
  };
  for (const op of ops) {
    if (op.kind === 'insert') {
      const line = replace[r++]!;
      out.push(line.trim() === '' ? '' : reindent(line, anchor.model, anchor.file, scale));
      other = true;
      continue;
    }
    const index = s++;
    const f = pair.get(index);
    if (op.kind === 'delete') {
      if (f !== undefined) reach(f);
      continue;
    }
    r++;
    if (f === undefined) {
      out.push('');
      other = true;
      continue;
    }
    reach(f);
    out.push(file[f]!);
    anchor = { model: indentOf(search[index]!), file: indentOf(file[f]!) };
  }
  return out;
}

function placeElided(file: readonly string[], search: readonly string[], replace: readonly string[]): BlockResult {
  const pieces = split(search);
  const replacements = split(replace);
  if (pieces.length !== replacements.length) {
    return {
      ok: false,
      reason:
        `the lines to replace have ${pieces.length - 1} "..." elision(s) but the replacement ` +
        `has ${replacements.length - 1}: mirror each elision, or quote the lines in full`,
    };
  }
  let current = [...file];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const replacement = replacements[i]!;
    if (piece.join('\n') === replacement.join('\n')) continue;
    if (piece.every((l) => l.trim() === ''))
      return { ok: false, reason: 'lines added next to a "..." elision have no place: quote the lines around them' };
    const placed = placeDirectly(current, piece, replacement);
    if (!placed.ok)
      return {
        ok: false,
        reason:
          'missing' in placed
            ? `piece ${i + 1} between "..." elisions: ${notFound(current, piece)}`
            : `piece ${i + 1} between "..." elisions: ${placed.reason}`,
      };
    current = placed.lines;
  }
  return { ok: true, lines: current, tier: 'elision' };
}

// Last resort: every run of lines the edit removes occurs exactly once (context lines may be
// paraphrased or dropped); a pure insertion needs a unique neighbouring line of the quote.
function placeRemovedLines(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
): BlockResult | null {
  const ops = diffLines(search.map(norm), replace.map(norm));
  type Group = { removed: number[]; added: string[]; before: number; after: number };
  const groups: Group[] = [];
  let s = 0;
  let r = 0;
  let open: Group | null = null;
  for (const op of ops) {
    if (op.kind === 'equal') {
      if (open) {
        open.after = s;
        open = null;
      }
      s++;
      r++;
      continue;
    }
    open ??= (groups.push({ removed: [], added: [], before: s - 1, after: -1 }), groups.at(-1)!);
    if (op.kind === 'delete') open.removed.push(s++);
    else open.added.push(replace[r++]!);
  }
  if (groups.length === 0 || !groups.some((g) => g.removed.some((i) => search[i]!.trim() !== ''))) return null;
  const edits: { start: number; end: number; lines: string[] }[] = [];
  for (const group of groups) {
    const removed = group.removed.map((i) => search[i]!).filter((l) => l.trim() !== '');
    if (removed.length > 0) {
      const found = findLoose(file, removed);
      if (found.length === 0) return null;
      if (found.length > 1)
        return {
          ok: false,
          reason:
            `the removed lines occur ${found.length} times ` +
            `(lines ${found.map((f) => f.start + 1).join(', ')}), and the quoted context does not match the ` +
            `file: quote the lines exactly`,
        };
      const { start, end } = found[0]!;
      const model = indentOf(removed[0]!);
      const fileIndent = indentOf(file[start]!);
      edits.push({
        start,
        end,
        lines: group.added.map((l) => (l.trim() === '' ? '' : reindent(l, model, fileIndent))),
      });
      continue;
    }
    const anchorBefore =
      group.before >= 0 && search[group.before]!.trim() !== '' ? findLoose(file, [search[group.before]!]) : [];
    const anchorAfter =
      group.after >= 0 && search[group.after]!.trim() !== '' ? findLoose(file, [search[group.after]!]) : [];
    const anchor =
      anchorBefore.length === 1
        ? { at: anchorBefore[0]!.end, line: search[group.before]!, file: anchorBefore[0]!.start }
        : anchorAfter.length === 1
          ? { at: anchorAfter[0]!.start, line: search[group.after]!, file: anchorAfter[0]!.start }
          : null;
    if (!anchor) return null;
    edits.push({
      start: anchor.at,
      end: anchor.at,
      lines: group.added.map((l) =>
        l.trim() === '' ? '' : reindent(l, indentOf(anchor.line), indentOf(file[anchor.file]!)),
      ),
    });
  }
  for (let i = 1; i < edits.length; i++)
    if (edits[i]!.start < edits[i - 1]!.end)
      return {
        ok: false,
        reason: 'the changed lines overlap or are out of order in the file: quote the lines exactly',
      };
  const out = [...file];
  for (const edit of [...edits].reverse()) out.splice(edit.start, edit.end - edit.start, ...edit.lines);
  return { ok: true, lines: out, tier: 'removed-lines' };
}

function findLoose(file: readonly string[], lines: readonly string[]): { start: number; end: number }[] {
  const fileAt = file.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  const fileKeys = fileAt.map((i) => norm(file[i]!));
  const keys = lines.map(norm);
  return positions(fileKeys.length, keys.length, (at, k) => fileKeys[at + k] === keys[k]).map((p) => ({
    start: fileAt[p]!,
    end: fileAt[p + keys.length - 1]! + 1,
  }));
}

function positions(length: number, size: number, equal: (at: number, k: number) => boolean): number[] {
  const out: number[] = [];
  if (size === 0) return out;
  for (let at = 0; at + size <= length; at++) {
    let k = 0;
    while (k < size && equal(at, k)) k++;
    if (k === size) out.push(at);
  }
  return out;
}

function ambiguous(starts: readonly number[]): BlockResult {
  return {
    ok: false,
    reason:
      `the lines to replace occur ${starts.length} times (at lines ${starts.map((s) => s + 1).join(', ')}): ` +
      `include more surrounding lines so they match one place`,
  };
}

function strip(found: Found): BlockResult {
  return found.ok ? found : { ok: false, reason: found.reason };
}

function notFound(file: readonly string[], search: readonly string[]): string {
  const present = new Set(file.map(norm));
  const missing = search.find((l) => l.trim() !== '' && !ELISION.test(l) && !present.has(norm(l)));
  if (missing) return `the line "${missing.trim()}" is not in the file`;
  return 'each quoted line occurs in the file, but not together in this order';
}

function isListing(lines: readonly string[]): boolean {
  const numbers: number[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const m = LISTING.exec(line);
    if (!m) return false;
    numbers.push(Number(m[1]));
  }
  return numbers.length > 0 && numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
}

function unlist(line: string): string {
  return line.replace(LISTING, '');
}

function unlistReplace(lines: readonly string[]): string[] {
  return lines.map((l) => (LISTING.test(l) ? unlist(l) : l));
}

function split(lines: readonly string[]): string[][] {
  const pieces: string[][] = [[]];
  for (const line of lines) {
    if (ELISION.test(line)) pieces.push([]);
    else pieces.at(-1)!.push(line);
  }
  return pieces;
}
