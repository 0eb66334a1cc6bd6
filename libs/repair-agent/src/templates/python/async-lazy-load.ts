import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { classBodyLines } from './class-body-lines.js';
import { maskStrings } from './expression-text.js';

const EXCEPTIONS = ['MissingGreenlet', 'sqlalchemy.exc.MissingGreenlet'];

/** A `relationship(...)` declaration of a model class: where its call is. */
interface RelationshipLine {
  readonly file: string;
  readonly line: number;
}

/**
 * An `AsyncSession` cannot lazy-load: reading a relationship the query did not load
 * (`wheel.cave.name` after `db.get(Wheel, id)`) raises `MissingGreenlet: greenlet_spawn has not
 * been called` → that relationship loads with its parent (`relationship(..., lazy="selectin")`),
 * so every query of the model has it, as the async code assumes. Only the relationships read on
 * the culprit line (`x.cave` where a model declares `cave = relationship(…)` once and without a
 * `lazy=` of its own); a column or an unknown attribute gets nothing.
 */
export const pythonAsyncLazyLoad: RepairTemplate = {
  id: 'python.async-lazy-load',
  language: 'python',
  summary: 'load a relationship with its parent where an async session cannot lazy-load it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ culprit, tree, python }) {
    if (!culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = maskStrings(splitSource(source).lines[culprit.line - 1] ?? '');
    // A relationship read through (`wheel.cave.name`, `order.items[0]`): a passed-on attribute
    // (`tags=payload.tags`) loads nothing there.
    const read = new Set([...text.matchAll(/(?<=[\w)\]])\.([A-Za-z_]\w*)(?=\s*[.[])/g)].map((m) => m[1]!));
    const targets: { name: string; at: RelationshipLine }[] = [];
    for (const name of read) {
      const declared = await relationshipsNamed(python, tree, name);
      if (declared.length === 1) targets.push({ name, at: declared[0]! });
    }
    if (targets.length === 0) return;
    for (const { at } of targets) {
      const { lines, join } = splitSource((await tree.read(at.file)) ?? '');
      // The line ends with the call's `)`: the keyword goes last, after any positional argument.
      const line = lines[at.line - 1]!.replace(/\s*$/, '');
      const close = line.lastIndexOf(')');
      const empty = /relationship\(\s*$/.test(line.slice(0, close));
      lines[at.line - 1] = `${line.slice(0, close)}${empty ? '' : ', '}lazy="selectin"${line.slice(close)}`;
      await tree.write(at.file, join(lines));
    }
    yield {
      key: 'python.async-lazy-load',
      summary:
        `load ${targets.map((t) => t.name).join(', ')} with its parent (lazy="selectin"): ` +
        'an async session cannot lazy-load it',
      template: { recipe: 'python.async-lazy-load' },
    };
  },
};

// The one-line `name: Mapped[...] = relationship(...)` / `name = relationship(...)` declarations
// of that name with no `lazy=` (a declaration that sets one already: none).
async function relationshipsNamed(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  name: string,
): Promise<RelationshipLine[]> {
  const declaration = new RegExp(`^\\s+${name}\\s*(?::[^=]+)?=\\s*(?:\\w+\\.)?relationship\\((.*)\\)\\s*$`);
  const out: RelationshipLine[] = [];
  for await (const { file, line, text } of classBodyLines(python, tree, 'relationship(')) {
    const m = declaration.exec(text);
    if (!m) continue;
    if (/\blazy\s*=/.test(m[1]!)) return [];
    out.push({ file, line });
  }
  return out;
}
