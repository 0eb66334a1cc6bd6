import type { FunctionSummary } from '../../python/module-summary.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import { isTestFile } from '../../python/python-project.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { causeRoutes } from './cause-routes.js';
import { classBodyLines } from './class-body-lines.js';
import { indentOf } from './expression-text.js';

const EXCEPTIONS = [
  'DetachedInstanceError',
  'sqlalchemy.orm.exc.DetachedInstanceError',
  // FastAPI reporting the same error met while serialising the response (`get_attribute_error` in its errors).
  'ResponseValidationError',
  'fastapi.exceptions.ResponseValidationError',
  // pydantic's own, met where the handler validates the object itself (`ShelfDetail.model_validate(shelf)`):
  // `Error extracting attribute: DetachedInstanceError: …` in its errors.
  'ValidationError',
];
export const LAZY_LOAD =
  /Parent instance <(\w+) at 0x[0-9a-f]+> is not bound to a Session; lazy load operation of attribute '(\w+)'/;

/**
 * A loader that selects an object in a private session (`with SessionLocal() as s: stmt =
 * select(Shelf).where(…); return s.scalars(stmt).first()`) hands it out detached, and the caller's
 * read of a relationship (`shelf.books`) raises `DetachedInstanceError: Parent instance <Shelf at
 * 0x…> is not bound to a Session; lazy load operation of attribute 'books' cannot proceed` →
 * the loader loads that relationship with the object: `select(Shelf).options(selectinload(
 * Shelf.books))` (`s.get(Shelf, id, options=[selectinload(Shelf.books)])`). Only in a function
 * the failing function calls, whose `with` block (the function's last statement) selects the
 * class the message names, and when a model declares that relationship; the loader keeps its
 * session and its filters. The same words in a `ResponseValidationError`'s errors (the response
 * model read the relationship; a test's report may carry them, its culprit the test's request
 * line) name the failing endpoint's handler as the caller; in a pydantic `ValidationError` (the handler's
 * own `Model.model_validate(obj)`), the culprit's function is the caller. Catching the error or reporting an
 * empty collection: never.
 */
export const pythonDetachedEagerLoad: RepairTemplate = {
  id: 'python.detached-eager-load',
  language: 'python',
  summary: 'load the relationship a caller reads with the object a private-session loader hands out',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates(context) {
    const texts = failureTexts(context.cause, context.exception);
    const found = texts.map((t) => LAZY_LOAD.exec(t)).find((m) => m !== null);
    if (!found) return;
    const [, cls, attribute] = found as unknown as [string, string, string];
    if (!(await declaresRelationship(context, attribute))) return;
    const related = await relationshipsOf(context, cls);
    // The functions reading the relationship: the culprit's (outside the tests), else the failing routes' handlers.
    const callers: { file: string; fn: FunctionSummary }[] = [];
    const { culprit, python } = context;
    const at = culprit && !isTestFile(culprit.file) ? await python.functionAt(culprit.file, culprit.line) : null;
    if (culprit && at) callers.push({ file: culprit.file, fn: at });
    else
      for (const route of await causeRoutes(python, context.cause))
        callers.push({ file: route.file, fn: route.handler });
    const bodies: string[] = [];
    for (const caller of callers) {
      const source = await context.tree.read(caller.file);
      if (source !== null)
        bodies.push(
          splitSource(source)
            .lines.slice(caller.fn.bodyLine - 1, caller.fn.endLine)
            .join('\n'),
        );
    }
    // The other relationships the callers read load alongside (`planting.variety.name`, then `planting.garden.name`).
    const attributes = [attribute, ...related.filter((r) => r !== attribute && bodies.some((b) => readsOf(b, r)))];
    const isCaller = (file: string, fn: FunctionSummary) =>
      callers.some((c) => c.file === file && c.fn.line === fn.line);
    const edited: string[] = [];
    for (const [file, module] of await context.python.modules()) {
      let source = await context.tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      let changed = false;
      for (const fn of module.functions) {
        if (isCaller(file, fn) || !bodies.some((b) => new RegExp(`\\b${fn.name}\\s*\\(`).test(b))) continue;
        changed = eagerLoad(lines, fn, cls, attributes) || changed;
      }
      if (!changed) continue;
      source = join(lines);
      const imported = module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'selectinload'));
      await context.tree.write(
        file,
        imported ? source : addFromImport(source, module, 'sqlalchemy.orm', 'selectinload'),
      );
      edited.push(file);
    }
    if (edited.length === 0) return;
    yield {
      key: 'python.detached-eager-load',
      summary:
        `load ${attributes.map((a) => `${cls}.${a}`).join(', ')} with the ${cls} its private-session loader hands ` +
        `out, in ${edited.join(', ')}`,
      template: { recipe: 'python.detached-eager-load' },
    };
  },
};

// Whether a model class declares `attribute = relationship(…)` (or `attribute: Mapped[…] = relationship(…)`).
async function declaresRelationship({ python, tree }: TemplateContext, attribute: string): Promise<boolean> {
  const declaration = new RegExp(`^\\s+${attribute}\\s*(?::[^=]+)?=\\s*(?:\\w+\\.)?relationship\\(`);
  for await (const { text } of classBodyLines(python, tree, 'relationship(')) if (declaration.test(text)) return true;
  return false;
}

/** The relationships the model class `cls` declares. */
export async function relationshipsOf({ python, tree }: TemplateContext, cls: string): Promise<string[]> {
  const out: string[] = [];
  for await (const { text } of classBodyLines(python, tree, 'relationship(', cls)) {
    const name = /^\s+(\w+)\s*(?::[^=]+)?=\s*(?:\w+\.)?relationship\(/.exec(text)?.[1];
    if (name) out.push(name);
  }
  return out;
}

function readsOf(body: string, attribute: string): boolean {
  return new RegExp(`\\w\\.${attribute}\\b(?!\\s*\\()`).test(body);
}

/**
 * The function's last statement is a `with Factory() as s:` block ending in a `return s.…`: its
 * `select(cls)` gains `.options(selectinload(cls.attribute))`, or its `s.get(cls, …)` the `options=` keyword.
 */
export function eagerLoad(lines: string[], fn: FunctionSummary, cls: string, attributes: readonly string[]): boolean {
  let open = -1;
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    if (/^\s*with\s+[\w.]+\([^()]*\)\s+as\s+\w+\s*:\s*$/.test(lines[i]!)) open = i;
  }
  if (open < 0 || indentOf(lines[open]!).length !== indentOf(lines[fn.bodyLine - 1]!).length) return false;
  const session = /as\s+(\w+)\s*:/.exec(lines[open]!)![1]!;
  const block = lines.slice(open + 1, fn.endLine);
  const last = [...block].reverse().find((l) => l.trim() !== '');
  if (!last || !new RegExp(`^\\s*return\\s+${session}\\.`).test(last)) return false;
  if (block.some((l) => /\.options\(|selectinload|joinedload/.test(l))) return false;
  const option = attributes.map((a) => `selectinload(${cls}.${a})`).join(', ');
  for (let i = open + 1; i < fn.endLine; i++) {
    const select = new RegExp(`\\bselect\\(\\s*${cls}\\s*\\)`);
    if (select.test(lines[i]!)) {
      lines[i] = lines[i]!.replace(select, (m) => `${m}.options(${option})`);
      return true;
    }
    const get = new RegExp(`\\b${session}\\.get\\(\\s*${cls}\\s*,\\s*([^()]+?)\\s*\\)`);
    if (get.test(lines[i]!)) {
      lines[i] = lines[i]!.replace(get, (_m, id: string) => `${session}.get(${cls}, ${id}, options=[${option}])`);
      return true;
    }
  }
  return false;
}
