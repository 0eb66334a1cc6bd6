import { fencedBlocks } from './answer-text.js';
import type { ModelEdit } from './edit.js';

/** True when the text holds a unified diff (a `---`/`+++` pair, or a hunk with changed lines). */
export function hasUnifiedDiff(text: string): boolean {
  return /^--- .*\n\+\+\+ /m.test(text) || (/^@@/m.test(text) && /^[+-]/m.test(text));
}

/**
 * The edits of the unified diffs in an answer: fenced ```diff blocks (several may name the same
 * file: their hunks are applied in order) or, without them, the answer itself. Tolerates what
 * models write: `@@ ... @@` and bare `@@` hunk headers (hunks are placed by their lines, never by
 * their numbers), `diff -u` headers with timestamps, `--- a/x` with `+++ x`, blank context lines
 * that lost their space, prose between file sections. Each hunk becomes one search/replace edit.
 */
export function unifiedDiffEdits(text: string): { edits: ModelEdit[] } | { error: string } {
  const fenced = fencedBlocks(text).filter((f) => /^(diff|patch|udiff)\b/i.test(f.info) || hasUnifiedDiff(f.body));
  const sources = fenced.length > 0 ? fenced.map((f) => f.body) : [text];
  const edits: ModelEdit[] = [];
  for (const source of sources) {
    const parsed = parseDiffText(source);
    if ('error' in parsed) return parsed;
    edits.push(...parsed.edits);
  }
  return { edits };
}

function parseDiffText(text: string): { edits: ModelEdit[] } | { error: string } {
  const lines = text.split('\n');
  const edits: ModelEdit[] = [];
  let file: { path: string; fallback: string | null; created: boolean } | null = null;
  let gitPath: string | null = null;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    const git = /^diff --git (\S+) (\S+)/.exec(line);
    if (git) {
      gitPath = stripPrefix(git[2]!, 'b/');
      file = null;
      i++;
    } else if (/^(deleted file mode|rename from|rename to|copy from|copy to) /.test(line)) {
      return {
        error: `${line.split(' ').slice(0, 2).join(' ')}: deleting, renaming or copying files is not supported`,
      };
    } else if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const from = headerPath(line.slice(4));
      const to = headerPath(lines[i + 1]!.slice(4));
      if (to === '/dev/null') return { error: `the diff deletes ${from}: deleting files is not supported` };
      const created = from === '/dev/null';
      file = { path: created ? stripPrefix(to, 'b/') : to, fallback: created || from === to ? null : from, created };
      i += 2;
    } else if (line.startsWith('@@')) {
      const target = file ?? (gitPath ? { path: gitPath, fallback: null, created: false } : null);
      if (!target) return { error: 'a hunk (@@) without a ---/+++ file header naming its file' };
      const counts = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      const hunk = readHunk(lines, i + 1, counts ? { old: Number(counts[1] ?? 1), new: Number(counts[2] ?? 1) } : null);
      i = hunk.next;
      const search = hunk.lines.filter((l) => l[0] === ' ' || l[0] === '-').map((l) => l.slice(1));
      const replace = hunk.lines.filter((l) => l[0] === ' ' || l[0] === '+').map((l) => l.slice(1));
      if (!hunk.lines.some((l) => l[0] === '+' || l[0] === '-')) continue;
      if (target.created)
        edits.push({
          kind: 'create',
          source: 'diff',
          path: target.path,
          content: replace.length ? `${replace.join('\n')}\n` : '',
        });
      else
        edits.push({
          kind: 'replace',
          source: 'diff',
          path: target.path,
          ...(target.fallback ? { altPath: target.fallback } : {}),
          search,
          replace,
        });
    } else i++;
  }
  return { edits };
}

// A hunk's body: lines starting with space, +, - or \; a blank line is a context line whose
// space was lost when more hunk lines follow. Once the header's counts are met, only an
// immediately following hunk line continues it (prose bullets after a blank line do not).
function readHunk(
  lines: readonly string[],
  start: number,
  counts: { old: number; new: number } | null,
): { lines: string[]; next: number } {
  const out: string[] = [];
  let old = 0;
  let added = 0;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) break;
    if (line.startsWith('@@') || line.startsWith('diff --git ')) break;
    const met = counts !== null && old >= counts.old && added >= counts.new;
    if (line === '') {
      if (met) break;
      let n = i + 1;
      while (n < lines.length && lines[n] === '') n++;
      if (
        n < lines.length &&
        /^[ +-]/.test(lines[n]!) &&
        !(lines[n]!.startsWith('--- ') && lines[n + 1]?.startsWith('+++ '))
      ) {
        out.push(' ');
        old++;
        added++;
        continue;
      }
      break;
    }
    if (line[0] === '\\') continue;
    if (!/^[ +-]/.test(line)) break;
    out.push(line);
    if (line[0] !== '+') old++;
    if (line[0] !== '-') added++;
  }
  return { lines: out, next: i };
}

function headerPath(raw: string): string {
  let path = raw.split('\t')[0]!.trim();
  // diff -u: `--- app/x.py 2024-05-01 10:00:00.000000000 +0200`
  path = path.replace(/\s+\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?( ?[+-]\d{4}| ?Z)?$/, '').trim();
  if (path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
  return path;
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
