import { z } from 'zod';
import { isInsideRoot } from '../../policy/patch-policy.js';

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

const hunkSchema = z
  .object({
    header: z.string().regex(HUNK_HEADER, 'a hunk header needs line numbers (@@ -a,b +c,d @@)'),
    lines: z.array(z.string().regex(/^[ +\-\\]/, 'a hunk line starts with space, +, - or \\')),
  })
  .refine((h) => h.lines.some((l) => l.startsWith('+') || l.startsWith('-')), { message: 'a hunk that changes nothing' });

const fileSchema = z.object({
  path: z.string().refine(isInsideRoot, { message: 'a path outside the app root' }),
  newFile: z.boolean(),
  hunks: z.array(hunkSchema).min(1, 'a file section without hunks'),
});

/** A unified diff as parsed from a model's answer. */
export const parsedDiffSchema = z.object({ files: z.array(fileSchema).min(1, 'no file sections') });

/** One file of a parsed diff. */
export type ParsedDiffFile = z.infer<typeof fileSchema>;

/** The diff found in an answer, normalised to git's format; or why there is none. */
export type ExtractedDiff =
  | { readonly ok: true; readonly diff: string; readonly files: readonly ParsedDiffFile[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Finds the unified diff in a model's answer (plain, or in ```diff / ```patch fences, with prose
 * around it ignored), checks its structure and rewrites it in git's form (`diff --git a/… b/…`,
 * a/ b/ prefixes, blank context lines restored) so `git apply --recount` can take it.
 * Renames, deletions and binary patches are refused.
 */
export function extractUnifiedDiff(answer: string): ExtractedDiff {
  const text = fencedDiffs(answer) ?? answer;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (/^(GIT binary patch|Binary files )/m.test(text)) return { ok: false, reason: 'binary patches are not supported' };
  const files: { path: string; newFile: boolean; hunks: { header: string; lines: string[] }[] }[] = [];
  let i = lines.findIndex((l, n) => l.startsWith('diff --git ') || (l.startsWith('--- ') && lines[n + 1]?.startsWith('+++ ')));
  if (i < 0) return { ok: false, reason: 'the answer contains no unified diff (no ---/+++ file header)' };
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ') || /^(index |old mode |new mode |new file mode |similarity index )/.test(line)) {
      i++;
      continue;
    }
    if (/^(deleted file mode |rename from |rename to |copy from |copy to )/.test(line)) {
      return { ok: false, reason: `${line.split(' ').slice(0, 2).join(' ')}: renames, copies and deletions are not supported` };
    }
    if (!line.startsWith('--- ') || !lines[i + 1]?.startsWith('+++ ')) break;
    const from = headerPath(line.slice(4));
    const to = headerPath(lines[i + 1]!.slice(4));
    if (to === '/dev/null') return { ok: false, reason: `${from} would be deleted: deletions are not supported` };
    const prefixed = from === '/dev/null' ? to.startsWith('b/') : from.startsWith('a/') && to.startsWith('b/');
    const oldPath = from === '/dev/null' ? null : prefixed ? from.slice(2) : from;
    const newPath = prefixed ? to.slice(2) : to;
    if (oldPath !== null && oldPath !== newPath) return { ok: false, reason: `${oldPath} → ${newPath}: renames are not supported` };
    const file = { path: newPath, newFile: oldPath === null, hunks: [] as { header: string; lines: string[] }[] };
    files.push(file);
    i += 2;
    while (i < lines.length && lines[i]!.startsWith('@@')) {
      const hunk = { header: lines[i]!, lines: [] as string[] };
      file.hunks.push(hunk);
      i++;
      for (; i < lines.length; i++) {
        const body = lines[i]!;
        if (body.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) break;
        if (body === '') {
          // A blank context line whose leading space was lost — unless the diff ends here.
          if (lines.slice(i + 1).some((l) => /^[ +\-\\]/.test(l) && !l.startsWith('--- '))) hunk.lines.push(' ');
          else break;
        } else if (/^[ +\-\\]/.test(body)) hunk.lines.push(body);
        else break;
      }
    }
  }
  const parsed = parsedDiffSchema.safeParse({ files });
  if (!parsed.success) return { ok: false, reason: `malformed diff: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}` };
  const seen = new Set<string>();
  for (const file of parsed.data.files) {
    if (seen.has(file.path)) return { ok: false, reason: `${file.path} appears twice in the diff` };
    seen.add(file.path);
  }
  return { ok: true, diff: renderDiff(parsed.data.files), files: parsed.data.files };
}

function fencedDiffs(answer: string): string | null {
  const blocks = [...answer.matchAll(/^(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm)];
  const diffs = blocks.filter((b) => /^(diff|patch|udiff)$/i.test(b[2]!) || /^(diff --git |--- |@@ )/m.test(b[3]!)).map((b) => b[3]!);
  return diffs.length > 0 ? diffs.join('\n') : null;
}

function headerPath(raw: string): string {
  let path = raw.split('\t')[0]!.trim();
  if (path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
  return path;
}

/** Writes parsed file sections back as a git-style unified diff. */
export function renderDiff(files: readonly ParsedDiffFile[]): string {
  let out = '';
  for (const file of files) {
    out += `diff --git a/${file.path} b/${file.path}\n`;
    if (file.newFile) out += 'new file mode 100644\n';
    out += `--- ${file.newFile ? '/dev/null' : `a/${file.path}`}\n+++ b/${file.path}\n`;
    for (const hunk of file.hunks) out += `${hunk.header}\n${hunk.lines.join('\n')}\n`;
  }
  return out;
}
