import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

const ID = 'python.result-label';
// A labelled column of a select: `func.sum(Cut.turfs).label("turfs")`.
const LABEL = /\.label\(\s*(["'])(\w+)\1\s*\)/g;

/**
 * A result row read under a name its select never labels: SQLAlchemy's `Row` raises a bare
 * `AttributeError: total_turfs` for `row.total_turfs` when the select says
 * `func.sum(Cut.turfs).label("turfs")` → that label becomes the name the rows are read under.
 * Evidence, all required: the exception's message is the bare name (a Row's, not an object's
 * `'X' object has no attribute …`); the culprit line reads `<name>.<that name>`; the culprit's
 * function builds a select (`select(` / `.execute(`) whose labels do not include the name; exactly one
 * of its labels is read nowhere in the function under its own name and shares a word with the read
 * one (`turfs` in `total_turfs`). Renaming the label keeps every read of the row as written.
 */
export const pythonResultLabel: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'label a select column with the name its result rows are read under',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const name = exception?.message.trim() ?? '';
    if (!culprit || !/^[A-Za-z_]\w*$/.test(name)) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!fn || source === null) return;
    const { lines, join } = splitSource(source);
    const culpritCode = maskStrings(lines[culprit.line - 1] ?? '');
    // The row the name is read from (`row.total_turfs`): its other reads say which labels are in use.
    const row = new RegExp(`(?<![\\w.])(\\w+)\\.${name}\\b(?!\\s*\\()`).exec(culpritCode)?.[1];
    if (!row) return;
    const first = fn.bodyLine - 1;
    const body = lines.slice(first, fn.endLine);
    const text = body.join('\n');
    if (!/\bselect\(|\.execute\(/.test(text)) return;
    const labels = [...text.matchAll(LABEL)].map((m) => m[2]!);
    if (labels.includes(name)) return;
    // A label the row is read under elsewhere in the function is right as it is.
    const masked = maskStrings(text);
    const unread = labels.filter((l) => !new RegExp(`(?<![\\w.])${row}\\.${l}\\b(?!\\s*\\()`).test(masked));
    const words = new Set(name.toLowerCase().split('_').filter(Boolean));
    const sharing = [...new Set(unread)].filter((l) =>
      l
        .toLowerCase()
        .split('_')
        .some((w) => words.has(w)),
    );
    if (sharing.length !== 1) return;
    const label = sharing[0]!;
    const at = body.findIndex((l) => new RegExp(`\\.label\\(\\s*(["'])${label}\\1\\s*\\)`).test(l));
    if (at < 0) return;
    const out = [...lines];
    out[first + at] = out[first + at]!.replace(
      new RegExp(`\\.label\\(\\s*(["'])${label}\\1\\s*\\)`),
      (_, q: string) => `.label(${q}${name}${q})`,
    );
    await tree.write(culprit.file, join(out));
    yield {
      key: ID,
      summary: `label "${label}" as "${name}", the name its rows are read under at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID },
    };
  },
};
