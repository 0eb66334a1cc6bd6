import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { statementEnd } from './expression-text.js';
import { modelColumns } from './model-columns.js';
import { statementAround } from './relationship-join.js';
import { scalarRelationshipTarget } from './scalar-relationship.js';

const MESSAGE = /^Mapped instance expected for relationship comparison to object/;
// SQLAlchemy names the relationship in its hint: `…use Owner.rel.has(**criteria).`
const NAMED = /\buse (\w+)\.(\w+)\.has\(/;

/**
 * A many-to-one relationship compared with a plain id in a query:
 * `select(Hen).where(Hen.coop == coop_id)` fails with `ArgumentError: Mapped instance expected for
 * relationship comparison to object` — a relationship compares with a mapped object, an id belongs
 * to the foreign-key column that backs it → `Hen.coop_id == coop_id`.
 * Evidence: that message (its `use Owner.rel.has(**criteria)` hint names the relationship; without
 * it, the one scalar relationship compared with `==`/`!=` on the culprit's statement), the culprit
 * statement comparing `Owner.rel`, the relationship declared scalar, and its column certain from
 * the model: the one column of `foreign_keys=`, or else the owner's only column with a
 * `ForeignKey` to the target's table. Two foreign keys to that table and no `foreign_keys=`, a
 * `primaryjoin=` without one, a collection, or a one-to-one whose key is on the other side get no
 * candidate.
 */
export const pythonRelationshipKeyCompare: RepairTemplate = {
  id: 'python.relationship-key-compare',
  language: 'python',
  summary: "compare a relationship's foreign-key column, not the relationship, with a plain id",
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['ArgumentError', 'sqlalchemy.exc.ArgumentError'],
    culprit: true,
  },
  async *candidates({ exception, culprit, tree, python }) {
    const message = exception?.message ?? '';
    if (!culprit || !MESSAGE.test(message)) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const statement = statementAround(lines, fn, culprit.line);
    if (!statement) return;
    const text = lines.slice(statement.start - 1, statement.end).join('\n');
    const named = NAMED.exec(message);
    const compared = named ? [[named[1]!, named[2]!] as const] : await comparedRelationships(python, tree, text);
    if (compared.length !== 1) return;
    const [owner, relation] = compared[0]!;
    const target = await scalarRelationshipTarget(python, tree, owner, relation);
    const column = target ? await backingColumn(python, tree, owner, relation, target) : null;
    if (!column) return;
    const reference = `${owner}\\.${relation}\\b(?![\\w.(])`;
    const comparison = new RegExp(`\\b${reference}(?=\\s*[!=]=)|(?<=[!=]=\\s*)${reference}`, 'g');
    let replaced = 0;
    for (let i = statement.start - 1; i < statement.end; i++)
      lines[i] = lines[i]!.replace(comparison, () => (replaced++, `${owner}.${column}`));
    if (replaced === 0) return;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.relationship-key-compare',
      summary:
        `compare ${owner}.${column} instead of the relationship ${owner}.${relation} at ` +
        `${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.relationship-key-compare' },
    };
  },
};

// `Owner.rel == …` / `… != Owner.rel` pairs of the statement that are scalar relationships, distinct.
async function comparedRelationships(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  text: string,
): Promise<(readonly [string, string])[]> {
  const seen = new Map<string, readonly [string, string]>();
  for (const m of text.matchAll(
    /\b([A-Z]\w*)\.(\w+)\b(?![\w.(])(?=\s*[!=]=)|(?<=[!=]=\s*)([A-Z]\w*)\.(\w+)\b(?![\w.(])/g,
  )) {
    const pair = [m[1] ?? m[3]!, m[2] ?? m[4]!] as const;
    if (await scalarRelationshipTarget(python, tree, pair[0], pair[1])) seen.set(pair.join('.'), pair);
  }
  return [...seen.values()];
}

/** The owner's column behind a scalar relationship, only where the model leaves no doubt. */
export async function backingColumn(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  owner: string,
  relation: string,
  target: string,
): Promise<string | null> {
  const [own, other] = [await python.classNamed(owner), await python.classNamed(target)];
  if (!own || !other) return null;
  const { lines } = splitSource((await tree.read(own.file)) ?? '');
  const declared = new RegExp(`^\\s+${relation}\\s*(?::.*?)?=\\s*relationship\\(`);
  const at = lines.findIndex((l, i) => i >= own.cls.line && i < own.cls.endLine && declared.test(l));
  if (at < 0) return null;
  const declaration = lines.slice(at, statementEnd(lines, at + 1)).join(' ');
  const columns = new Set((await modelColumns(python, tree, owner)).map((c) => c.name));
  const keys = /\bforeign_keys\s*=\s*(\[[^\]]*\]|["'][^"']*["']|[\w.]+)/.exec(declaration)?.[1];
  if (keys !== undefined) {
    // `[Owner.col]`, `Owner.col`, `"Owner.col"`, `"[Owner.col]"`, `col`: exactly one column.
    const names = keys
      .replace(/["'[\]\s]/g, '')
      .split(',')
      .filter(Boolean);
    const name = names.length === 1 ? names[0]!.split('.').at(-1)! : null;
    return name && (!names[0]!.includes('.') || names[0]!.startsWith(`${owner}.`)) && columns.has(name) ? name : null;
  }
  // A hand-written join condition says which column it joins on; it is not read here.
  if (/\bprimaryjoin\s*=/.test(declaration)) return null;
  const { lines: targetLines } = splitSource((await tree.read(other.file)) ?? '');
  const table = targetLines
    .slice(other.cls.line, other.cls.endLine)
    .map((l) => /^\s+__tablename__\s*(?::[^=]+)?=\s*["'](\w+)["']/.exec(l)?.[1])
    .find(Boolean);
  const pointsAt = new RegExp(`ForeignKey\\(\\s*(?:${table ? `["']${table}\\.|` : ''}${target}\\.)`);
  const keyed = lines
    .slice(own.cls.line, own.cls.endLine)
    .filter((l) => pointsAt.test(l))
    .map((l) => /^\s+(\w+)\s*(?::[^=]+)?=\s*(?:mapped_column|Column)\(/.exec(l)?.[1])
    .filter((name): name is string => name !== undefined && columns.has(name));
  return keyed.length === 1 ? keyed[0]! : null;
}
