import type { RepairPatch } from '@smoke-repair/repair-agent';

// `src/a.ts(57,91): error TS…` (tsc) or `src/a.ts:57:91 - error …` (tsc --pretty, esbuild, swc).
const LOCATION = /([\w@./-]+\.[cm]?[jt]sx?)(?:\((\d+),\d+\)|:(\d+):\d+)/g;

/**
 * The patches a failed build's message blames, file by file: in each file the compiler names, the
 * patches whose changed lines hold one of its locations there (`src/a.ts(57,91)`), else every patch
 * of that file; all of them when it names no file of theirs. Two candidates in one file are told
 * apart by the line: a type error at line 57 is not the fault of an edit at 78.
 */
export function blamedForBuild(applied: readonly RepairPatch[], detail: string): readonly RepairPatch[] {
  const located = [...detail.matchAll(LOCATION)].map((m) => ({ file: m[1]!, line: Number(m[2] ?? m[3]) }));
  const touches = (p: RepairPatch, file: string) => p.files.some((f) => sameFile(f, file));
  const files = [...new Set(applied.flatMap((p) => p.files))].filter((f) => detail.includes(f));
  const blamed = new Set<RepairPatch>();
  for (const file of files) {
    const lines = located.filter((l) => sameFile(l.file, file)).map((l) => l.line);
    const ofFile = applied.filter((p) => touches(p, file));
    const atLine = ofFile.filter((p) =>
      changedLines(p.diff, file).some(([from, to]) => lines.some((l) => l >= from && l <= to)),
    );
    for (const p of atLine.length > 0 ? atLine : ofFile) blamed.add(p);
  }
  return blamed.size > 0 ? applied.filter((p) => blamed.has(p)) : applied;
}

function sameFile(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

// The new-side lines each hunk of a unified diff changes in `file`: from its first to its last added
// line (context lines around them are no edit of the patch's).
function changedLines(diff: string, file: string): [number, number][] {
  const out: [number, number][] = [];
  let current: string | null = null;
  let line = 0;
  let first = 0;
  let last = 0;
  const close = () => {
    if (first > 0) out.push([first, last]);
    first = 0;
  };
  for (const text of diff.split('\n')) {
    const header = /^\+\+\+ (?:b\/)?(.+)$/.exec(text);
    if (header) {
      close();
      current = header[1]!.trim();
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      close();
      line = Number(hunk[1]);
      continue;
    }
    if (current === null || !sameFile(current, file)) continue;
    if (text.startsWith('+')) {
      if (first === 0) first = line;
      last = line;
      line++;
    } else if (text.startsWith(' ')) line++;
    else if (text.startsWith('-') && first === 0) first = last = Math.max(1, line);
  }
  close();
  return out;
}
