/**
 * The `+` lines of a unified diff that only moved: their text is, exactly, a `-` line of the same
 * file (a function declared earlier, a route registered before another), per file by new line
 * number. A failure at such a line is no line the patch wrote: the code there is as it was.
 * Blank lines and lone brackets say nothing of what moved and never count.
 */
export function movedLines(diff: string): Map<string, Set<number>> {
  const removed = new Map<string, Map<string, number>>();
  const added: { file: string; line: number; text: string }[] = [];
  let file: string | null = null;
  let newLine = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith('+++ ')) {
      const path = text.slice(4).trim();
      file = path === '/dev/null' ? null : path.replace(/^b\//, '');
      continue;
    }
    if (text.startsWith('--- ')) continue;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      newLine = Number(hunk[1]);
      continue;
    }
    if (!file) continue;
    if (text.startsWith('-')) {
      const counts = removed.get(file) ?? new Map<string, number>();
      counts.set(text.slice(1), (counts.get(text.slice(1)) ?? 0) + 1);
      removed.set(file, counts);
    } else if (text.startsWith('+')) added.push({ file, line: newLine++, text: text.slice(1) });
    else if (text.startsWith(' ')) newLine++;
  }
  const out = new Map<string, Set<number>>();
  for (const { file: path, line, text } of added) {
    const counts = removed.get(path);
    if (!counts || !counts.get(text) || /^\s*[)\]}]*[,;:]?\s*$/.test(text)) continue;
    counts.set(text, counts.get(text)! - 1);
    const lines = out.get(path) ?? new Set<number>();
    lines.add(line);
    out.set(path, lines);
  }
  return out;
}
