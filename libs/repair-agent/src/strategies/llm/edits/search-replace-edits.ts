import { pathIn, type ModelEdit } from './edit.js';

const SEARCH = /^\s*<{5,9}\s*(SEARCH|ORIGINAL|HEAD)\b.*$/;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE = /^\s*>{5,9}\s*(REPLACE|UPDATED|\w+)?\s*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})(.*)$/;

/** True when the answer holds a SEARCH/REPLACE block. */
export function hasSearchReplace(text: string): boolean {
  return /^\s*<{5,9}\s*SEARCH\b/m.test(text);
}

/**
 * Aider's SEARCH/REPLACE blocks: the file path on a line before `<<<<<<< SEARCH` (fence lines
 * between are skipped; a block without one reuses the previous block's path), the lines to find,
 * `=======`, the lines to put instead, `>>>>>>> REPLACE`. An unterminated block is an error (the
 * answer was likely cut off).
 */
export function searchReplaceEdits(text: string): { edits: ModelEdit[] } | { error: string } {
  const lines = text.split('\n');
  const edits: ModelEdit[] = [];
  let lastPath: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (!SEARCH.test(lines[i]!)) continue;
    const path: string | null = pathBefore(lines, i) ?? lastPath;
    if (!path)
      return {
        error:
          `SEARCH/REPLACE block ${edits.length + 1} names no file: put the file path on the line before ` +
          `<<<<<<< SEARCH`,
      };
    const divider = lines.findIndex((l, n) => n > i && DIVIDER.test(l));
    const end = divider < 0 ? -1 : lines.findIndex((l, n) => n > divider && REPLACE.test(l));
    if (divider < 0 || end < 0)
      return {
        error:
          `the SEARCH/REPLACE block for ${path} is not terminated ` +
          `(no ${divider < 0 ? '=======' : '>>>>>>> REPLACE'}): the answer may be cut off`,
      };
    const search = lines.slice(i + 1, divider);
    const replace = lines.slice(divider + 1, end);
    edits.push({ kind: 'replace', source: 'search-replace', path, search, replace });
    lastPath = path;
    i = end;
  }
  return { edits };
}

function pathBefore(lines: readonly string[], at: number): string | null {
  for (let n = at - 1, seen = 0; n >= 0 && seen < 3; n--) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    seen++;
    const fence = FENCE.exec(line);
    if (fence) {
      const fromInfo = fence[2]!
        .trim()
        .split(/\s+/)
        .map(pathIn)
        .find((p) => p !== null);
      if (fromInfo) return fromInfo;
      continue;
    }
    if (REPLACE.test(line)) return null;
    return pathIn(line);
  }
  return null;
}
