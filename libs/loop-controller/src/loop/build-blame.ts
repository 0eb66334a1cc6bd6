import type { RepairPatch } from '@smoke-repair/repair-agent';

// `src/a.ts(57,91): error TS…` (tsc) or `src/a.ts:57:91 - error …` (tsc --pretty, esbuild, swc).
const LOCATION = /([\w@./-]+\.[cm]?[jt]sx?)(?:\((\d+),\d+\)|:(\d+):\d+)/g;

/**
 * The patches a failed build's message blames: those whose new lines hold a location the compiler
 * names (`src/a.ts(57,91)`), else those whose files it names, else all of them. Two candidates in
 * one file are told apart by the line: a type error at line 57 is not the fault of an edit at 78.
 */
export function blamedForBuild(applied: readonly RepairPatch[], detail: string): readonly RepairPatch[] {
  const located = [...detail.matchAll(LOCATION)].map((m) => ({ file: m[1]!, line: Number(m[2] ?? m[3]) }));
  const atLine = applied.filter((p) =>
    located.some(({ file, line }) => newLines(p.diff, file).some(([from, to]) => line >= from && line <= to)),
  );
  if (atLine.length > 0) return atLine;
  const named = applied.filter((p) => p.files.some((file) => detail.includes(file)));
  return named.length > 0 ? named : applied;
}

// The new-side line ranges of a unified diff's hunks in `file` (the file named as the compiler does).
function newLines(diff: string, file: string): [number, number][] {
  const out: [number, number][] = [];
  let current: string | null = null;
  for (const line of diff.split('\n')) {
    const header = /^\+\+\+ (?:b\/)?(.+)$/.exec(line);
    if (header) current = header[1]!.trim();
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (
      hunk &&
      current !== null &&
      (file === current || file.endsWith(`/${current}`) || current.endsWith(`/${file}`))
    ) {
      const start = Number(hunk[1]);
      out.push([start, start + Math.max(0, Number(hunk[2] ?? 1) - 1)]);
    }
  }
  return out;
}
