import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';
import { backingColumn } from './relationship-key-compare.js';
import { scalarRelationshipTarget } from './scalar-relationship.js';

// SQLAlchemy reading the instance state of what was assigned to a relationship: a plain key.
const MESSAGE = /^'(int|str|UUID)' object has no attribute '_sa_instance_state'$/;

/**
 * A plain id assigned to a many-to-one relationship: `batch.owner = owner_id` fails with
 * `AttributeError: 'int' object has no attribute '_sa_instance_state'` — a relationship holds a
 * mapped object, the id belongs to the foreign-key column that backs it → `batch.owner_id =
 * owner_id`. Evidence: that message at a culprit line `obj.rel = value`, the owner's class known
 * (the function loads `obj` with `db.get(Model, …)`, builds it as `Model(…)`, or one model of the
 * project has a scalar relationship of that name), the relationship declared scalar and its column
 * certain from the model (see relationship-key-compare). Dropping the assignment or catching the
 * error would leave the row where it was: never.
 */
export const pythonRelationshipKeyAssign: RepairTemplate = {
  id: 'python.relationship-key-assign',
  language: 'python',
  summary: "assign a plain id to the relationship's foreign-key column, not to the relationship",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !MESSAGE.test((exception?.message ?? '').trim())) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const assigned = /^(\s*)(\w+)\.(\w+)(\s*=\s*)(?!=)([\w.]+)\s*(?:#.*)?$/.exec(text);
    if (!assigned) return;
    const [, indent, obj, relation, eq, value] = assigned;
    const owner = await ownerOf(lines, fn.bodyLine, culprit.line, obj!, relation!, python, tree);
    const target = owner ? await scalarRelationshipTarget(python, tree, owner, relation!) : null;
    const column = owner && target ? await backingColumn(python, tree, owner, relation!, target) : null;
    if (!owner || !column) return;
    lines[culprit.line - 1] = `${indent}${obj}.${column}${eq}${value}${text.slice(assigned[0].trimEnd().length)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: siteKey('python.relationship-key-assign', culprit.file, culprit.line),
      summary:
        `assign ${value} to ${obj}.${column}, the key behind ${owner}.${relation} ` +
        `(${culprit.file}:${culprit.line})`,
      template: { recipe: 'python.relationship-key-assign' },
    };
  },
};

// The model `obj` is an instance of: loaded or built above the line, else the one model with a
// scalar relationship of that name.
async function ownerOf(
  lines: readonly string[],
  from: number,
  line: number,
  obj: string,
  relation: string,
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
): Promise<string | null> {
  // `obj: Model = …`, `obj = db.get(Model, …)`, `obj = Model(…)`.
  const annotated = `(?::\\s*(?:Optional\\[)?([A-Z]\\w*)[^=]*)?`;
  const made = new RegExp(`^\\s*${obj}\\s*${annotated}=\\s*(?:\\w+\\.get\\(\\s*([A-Z]\\w*)\\s*,|([A-Z]\\w*)\\()`);
  const owners = new Set<string>();
  for (let i = from - 1; i < line - 1; i++) {
    const m = made.exec(maskStrings(lines[i] ?? ''));
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name) owners.add(name);
  }
  if (owners.size === 1) return [...owners][0]!;
  if (owners.size > 1) return null;
  const holders: string[] = [];
  for (const module of (await python.modules()).values())
    for (const cls of module.classes)
      if (cls.attributes.includes(relation) && (await scalarRelationshipTarget(python, tree, cls.name, relation)))
        holders.push(cls.name);
  return holders.length === 1 ? holders[0]! : null;
}
