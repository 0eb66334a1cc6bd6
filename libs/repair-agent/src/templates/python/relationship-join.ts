import type { FunctionSummary } from '../../python/module-summary.js';
import { importSpecifier } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { closingParen } from './call-keyword.js';
import { statementEnd } from './expression-text.js';
import { scalarRelationshipTarget } from './scalar-relationship.js';

const MESSAGE = /^Neither '\w+' object nor '\w+' object associated with (\w+)\.(\w+) has an attribute '(\w+)'/;

/**
 * A column read through a relationship in a SQL expression: `select(Lot).order_by(Lot.breed.name)`
 * fails with `Neither 'InstrumentedAttribute' object nor 'Comparator' object associated with
 * Lot.breed has an attribute 'name'` — a relationship attribute is no table, SQL needs the
 * target's column and a join to reach it → `select(Lot).join(Lot.breed).order_by(Breed.name)`.
 * Evidence: that message, the culprit line in a function, the owner's relationship declared
 * scalar (many-to-one: `Mapped["Breed"]`, `relationship("Breed")` with the foreign key on the
 * owner), the target declaring the attribute, and the `select(Owner)` (or `.query(Owner)`,
 * `.select_from(Owner)`) in the same statement or in an earlier `stmt = select(Owner)…` of the
 * function that the culprit's statement extends. The target is imported into the culprit file
 * when it is not bound there. A collection relationship (a join would repeat the owner once per
 * related row) or a statement whose select cannot be found gets no candidate.
 */
export const pythonRelationshipJoin: RepairTemplate = {
  id: 'python.relationship-join',
  language: 'python',
  summary: "filter or order on a relationship's target column through a join, not through the relationship",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const message = MESSAGE.exec(exception?.message ?? '');
    if (!culprit || !message) return;
    const [, owner, relation, column] = message as unknown as [string, string, string, string];
    const target = await scalarRelationshipTarget(python, tree, owner, relation);
    if (!target || !(await python.classMembers(target)).includes(column)) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    const module = (await python.modules()).get(culprit.file);
    if (source === null || !fn || !module) return;
    const { lines, join } = splitSource(source);
    const statement = statementAround(lines, fn, culprit.line);
    const reference = new RegExp(`\\b${owner}\\.${relation}\\.${column}\\b`);
    if (!statement || !lines.slice(statement.start - 1, statement.end).some((l) => reference.test(l))) return;
    const select = selectOf(lines, fn, statement, owner);
    if (!select) return;
    // The join goes in first, at the offset `selectOf` measured: rewriting the references below
    // shortens the line (`select(Lot.id, Lot.breed.name)`), which would move it.
    const chain = lines.slice(select.line - 1, statementEnd(lines, select.line)).join(' ');
    const joined = new RegExp(`\\.(?:outer)?join\\(\\s*(?:${owner}\\.${relation}|${target})\\b`).test(chain);
    if (!joined) {
      const text = lines[select.line - 1]!;
      lines[select.line - 1] = `${text.slice(0, select.after)}.join(${owner}.${relation})${text.slice(select.after)}`;
    }
    for (let i = statement.start - 1; i < statement.end; i++)
      lines[i] = lines[i]!.replace(new RegExp(reference, 'g'), `${target}.${column}`);
    let edited = join(lines);
    const bound =
      module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === target)) ||
      module.defs.some((d) => d.name === target);
    const defined = await python.classNamed(target);
    if (!bound && defined && defined.file !== culprit.file) {
      const spelled = importSpecifier(culprit.file, module, await python.moduleName(defined.file));
      edited = addFromImport(edited, module, spelled, target);
    }
    await tree.write(culprit.file, edited);
    yield {
      key: 'python.relationship-join#join',
      summary:
        `${target}.${column} through .join(${owner}.${relation}) instead of ${owner}.${relation}.${column} ` +
        `at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.relationship-join#join' },
    };
  },
};

/** A statement's first and last lines (1-based). */
export interface Statement {
  readonly start: number;
  readonly end: number;
}

/** The statement of the function body (1-based lines) that contains `line`, scanning statements forward. */
export function statementAround(lines: readonly string[], fn: FunctionSummary, line: number): Statement | null {
  for (let start = fn.bodyLine; start <= Math.min(line, fn.endLine); ) {
    const end = statementEnd(lines, start);
    if (end >= line) return { start, end };
    start = end + 1;
  }
  return null;
}

// Where `.join(...)` goes: after the `select(Owner…)` of the statement itself, or of the earlier
// assignment its statement variable comes from (through `stmt = stmt.where(...)` reassignments).
function selectOf(
  lines: readonly string[],
  fn: FunctionSummary,
  statement: Statement,
  owner: string,
): { line: number; after: number } | null {
  const own = selectIn(lines, statement, owner);
  if (own) return own;
  const text = lines.slice(statement.start - 1, statement.end).join('\n');
  const variable = /\b([a-z_]\w*)\s*\.\s*(?:order_by|where|filter|having|group_by|join|outerjoin|options)\(/.exec(
    text,
  )?.[1];
  if (!variable) return null;
  const assigned = new RegExp(`^\\s*${variable}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`);
  const earlier: Statement[] = [];
  for (let start = fn.bodyLine; start < statement.start; ) {
    const end = statementEnd(lines, start);
    if (assigned.test(lines[start - 1]!)) earlier.push({ start, end });
    start = end + 1;
  }
  for (const at of earlier.reverse()) {
    const found = selectIn(lines, at, owner);
    if (found) return found;
    // `stmt = stmt.where(...)` only extends the statement: keep looking for where it began.
    const rhs = assigned.exec(lines[at.start - 1]!)![1]!;
    if (!new RegExp(`^\\(?\\s*${variable}\\b`).test(rhs)) return null;
  }
  return null;
}

// The end of `select(Owner…)`, `.query(Owner…)` or `.select_from(Owner)` in the statement.
function selectIn(
  lines: readonly string[],
  statement: Statement,
  owner: string,
): { line: number; after: number } | null {
  const open = new RegExp(`(?:\\bselect|\\.query|\\.select_from)\\(\\s*${owner}\\b`);
  for (let line = statement.start; line <= statement.end; line++) {
    const match = open.exec(lines[line - 1]!);
    if (!match) continue;
    const close = closingParen(lines, line, match.index);
    if (!close) return null;
    return { line: close.line + 1, after: close.index + 1 };
  }
  return null;
}
