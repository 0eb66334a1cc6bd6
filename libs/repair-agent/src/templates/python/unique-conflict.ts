import { importAliases } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { documents } from './contract-schema.js';
import { crashedRequestDetail, crashedRequestStatus } from './crashed-request-status.js';
import { indentOf, indentUnit } from './expression-text.js';

const ID = 'python.unique-conflict';
const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError'];
// SQLite's `UNIQUE constraint failed: bells.tower_id, bells.note`; Postgres' `Key (note)=(D4) already exists`.
const UNIQUE = /UNIQUE constraint failed: ((?:\w+\.\w+(?:, )?)+)|Key \(([\w, ]+)\)=/;

/**
 * A create whose commit a unique index refuses (`IntegrityError: UNIQUE constraint failed:
 * bells.tower_id, bells.note`) where the operation documents 409 (or the failing test asserts it
 * for that request) and nothing checks for the duplicate first → the commit answers the conflict:
 * `try: db.commit()` / `except IntegrityError: db.rollback(); raise HTTPException(status_code=409,
 * detail=f"note {payload.note} already exists")`, the value the request sent when a request model
 * of the function holds it; the failing test's own words when it asserts the answer's detail
 * (`assert r.json() == {"detail": "Badge number already in use"}`). The row is not stored, the
 * request answered as documented; a commit already in a `try`, or an operation documenting no
 * 409, gets no candidate.
 */
export const pythonUniqueConflict: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'answer the documented 409 when a unique index refuses the commit of a create',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree, python, operation } = context;
    const unique = UNIQUE.exec(exception?.message ?? '');
    if (!unique || !culprit) return;
    if (!documents(operation, 409) && (await crashedRequestStatus(context)) !== 409) return;
    const source = await tree.read(culprit.file);
    const module = (await python.modules()).get(culprit.file);
    if (source === null || !module) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const commit = /^(\s*)(?:await\s+)?([\w.]+)\.(?:commit|flush)\(\)\s*(?:#.*)?$/.exec(text);
    if (!commit) return;
    const indent = commit[1]!;
    // Already guarded: a `try:` above at this indentation, with no statement between at a lower one.
    for (let i = culprit.line - 2; i >= 0; i--) {
      const above = lines[i]!;
      if (above.trim() === '') continue;
      if (indentOf(above).length < indent.length) {
        if (/^\s*try\s*:/.test(above)) return;
        break;
      }
    }
    const columns = (unique[1] ?? unique[2]!)
      .split(',')
      .map((c) => c.trim().split('.').at(-1)!)
      .filter(Boolean);
    // A primary key the server numbers is no value the client chose: its collision is another bug.
    if (columns.every((c) => c === 'id')) return;
    const named = columns.filter((c) => !/_id$/.test(c));
    const shown = named.length > 0 ? named : columns;
    // The value the request sent for it, when a request model of the function holds it: `note D4 already exists`.
    const fn = await python.functionAt(culprit.file, culprit.line);
    let sent: string | null = null;
    for (const param of shown.length === 1 ? (fn?.params ?? []) : []) {
      const annotation = fn?.annotations[param]?.replace(/^.*\./, '');
      const members = annotation ? await python.classMembers(annotation).catch(() => []) : [];
      if (members.includes(shown[0]!)) sent = `${param}.${shown[0]!}`;
    }
    // The test that asserts the answer's words decides them; otherwise the column and the value sent.
    const asserted = await crashedRequestDetail(context);
    const detail =
      asserted !== null
        ? JSON.stringify(asserted)
        : sent
          ? `f"${shown[0]!} {${sent}} already exists"`
          : JSON.stringify(`${shown.join(', ')} already exists`);
    const unit = indentUnit(lines);
    const awaited = /^\s*await\s/.test(text) ? 'await ' : '';
    lines.splice(
      culprit.line - 1,
      1,
      `${indent}try:`,
      `${indent}${unit}${text.trim()}`,
      `${indent}except IntegrityError:`,
      `${indent}${unit}${awaited}${commit[2]!}.rollback()`,
      `${indent}${unit}raise HTTPException(status_code=409, detail=${detail})`,
    );
    let fixed = join(lines);
    const aliases = importAliases(culprit.file, module);
    if (!aliases.has('HTTPException')) fixed = addFromImport(fixed, module, 'fastapi', 'HTTPException');
    // The summary's import lines still hold: a line added above shifts only where the next one goes.
    if (!aliases.has('IntegrityError')) fixed = addFromImport(fixed, module, 'sqlalchemy.exc', 'IntegrityError');
    await tree.write(culprit.file, fixed);
    yield {
      key: ID,
      summary: `answer 409 when the unique index refuses the commit at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID },
    };
  },
};
