import { importSpecifier } from '../../python/module-names.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateCandidate, TemplateContext } from '../template.js';
import { documents } from './contract-schema.js';
import { crashedRequestStatus } from './crashed-request-status.js';
import { entityLabel, indentOf, indentUnit } from './expression-text.js';
import { failedLookup, returnedNoneSites, type NoneSite } from './none-sites.js';
import { notFoundDetail } from './not-found-detail.js';
import { projectLookupCall } from './project-lookup.js';

const RESPONSE_INVALID = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
const NO_ROW = ['NoResultFound', 'sqlalchemy.exc.NoResultFound', 'sqlalchemy.orm.exc.NoResultFound'];
// pydantic handed the None (`Out.model_validate(row)`), as each version and pytest name it.
const MODEL_INVALID = ['ValidationError', 'pydantic.ValidationError', 'pydantic_core._pydantic_core.ValidationError'];
const EXCEPTIONS = [
  'AttributeError',
  ...MODEL_INVALID,
  'TypeError',
  'UnmappedInstanceError',
  'sqlalchemy.orm.exc.UnmappedInstanceError',
  ...RESPONSE_INVALID,
  ...NO_ROW,
];
/**
 * A lookup by a request's id misses and the code dereferences the None it returned
 * (`AttributeError: 'NoneType' object has no attribute 'x'`, `'NoneType' object is not
 * subscriptable`/`iterable`, SQLAlchemy's `Class 'builtins.NoneType' is not mapped` on
 * `session.delete(x)`, pydantic's `validation error for XOut` on `XOut.model_validate(x)`), or the
 * handler returns it and FastAPI's response model rejects it (`ResponseValidationError`), or
 * `.one()` finds no row (`NoResultFound`: it becomes `.one_or_none()`), on an operation that
 * documents 404 → right after the lookup's assignment, on the request path where None is first
 * dereferenced: `if x is None: raise` the codebase's own not-found exception when it raises one
 * elsewhere, else `HTTPException(status_code=404)`; first, when the file already answers a miss of
 * the same lookup function (`if fetch_x(db, x_id) is None: raise HTTPException(404, "X not
 * found")`), that very raise. The 404 is documented by the operation, or asserted by the failing
 * test on the request that crashed (test-command mode, a contract without error responses). A
 * lookup that is not by the request's id is left alone.
 */
export const pythonNoneDeref: RepairTemplate = {
  id: 'python.none-deref',
  language: 'python',
  summary: 'answer the documented 404 when a lookup by id finds nothing, instead of dereferencing None',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, contract: true },
  async *candidates(context) {
    const { exception, operation } = context;
    if (!exception || !(documents(operation, 404) || (await crashedRequestStatus(context)) === 404)) return;
    const frameless = RESPONSE_INVALID.includes(exception.type);
    const one = frameless ? null : await failedLookup(context, NO_ROW.includes(exception.type));
    const sites = frameless ? await returnedNoneSites(context) : one ? [one] : [];
    if (sites.length === 0) return;
    const lookup = sites.length === 1 && !frameless ? await projectLookup(context, sites[0]!) : null;
    if (lookup) yield lookup;
    const own = await ownNotFound(context);
    const same = sites.length === 1 ? await sameLookupRaise(context, sites[0]!) : null;
    const raises: Raise[] = same ? [same] : [];
    if (own) raises.push({ key: 'own-exception', name: own.name, module: own.module, statement: own.statement });
    raises.push(HTTP_404);
    for (const raise of raises) {
      if (!(await writeChecks(context, sites, raise))) return;
      const first = sites[0]!;
      yield {
        key: `python.none-deref#${raise.key}`,
        summary:
          `raise ${raise.name} (404) when ${sites.map((s) => s.lookup.variable).join(', ')} is not found, ` +
          `after ${first.file}:${first.lookup.line}`,
        template: { recipe: `python.none-deref#${raise.key}`, exception: raise.name },
      };
    }
  },
};
// The project's lookup-or-404 helper in place of the failed lookup (`fibre = get_fibre_or_404(db,
// fibre_id)`), written to the tree: the 404 the project answers, and the row read by its key.
async function projectLookup(context: TemplateContext, site: NoneSite): Promise<TemplateCandidate | null> {
  const { tree, python } = context;
  const fn = await python.functionAt(site.file, site.lookup.line);
  const helper = fn ? await projectLookupCall(context, site, fn.params) : null;
  const source = await tree.read(site.file);
  const module = (await python.modules()).get(site.file);
  if (!fn || !helper || helper.name === fn.name || source === null || !module) return null;
  const { lines, join } = splitSource(source);
  const indent = indentOf(lines[site.lookup.line - 1]!);
  const statement = site.lookup.returned
    ? `${indent}return ${helper.call}`
    : `${indent}${site.lookup.variable} = ${helper.call}`;
  lines.splice(site.lookup.line - 1, site.lookup.end - site.lookup.line + 1, statement);
  const bound = module.defs.some((d) => d.name === helper.name) || helper.file === site.file;
  const text = join(lines);
  await tree.write(site.file, bound ? text : addFromImport(text, module, helper.module, helper.name));
  return {
    key: 'python.none-deref#project-lookup',
    summary:
      `read ${site.lookup.variable} with the project's ${helper.name}, which answers 404 ` +
      `(${site.file}:${site.lookup.line})`,
    template: { recipe: 'python.none-deref#project-lookup', helper: helper.name },
  };
}

interface Raise {
  readonly key: string;
  readonly name: string;
  readonly module: string;
  statement(detail: string): string;
}

const HTTP_404: Raise = {
  key: 'raise-404',
  name: 'HTTPException',
  module: 'fastapi',
  statement: (detail) => `HTTPException(status_code=404, detail=${detail})`,
};

/**
 * Writes `if x is None: raise …` after each site's lookup (bottom-up per file, so lines hold),
 * naming a returned lookup first, and imports the raised class once per file. HTTPException
 * (404) unless a raise is given.
 */
export async function writeChecks(
  { tree, python }: Pick<TemplateContext, 'tree' | 'python'>,
  sites: readonly NoneSite[],
  raise: Raise = HTTP_404,
): Promise<boolean> {
  for (const file of new Set(sites.map((s) => s.file))) {
    const current = await tree.read(file);
    const module = (await python.modules()).get(file);
    if (current === null || !module) return false;
    const split = splitSource(current);
    for (const { lookup } of sites.filter((s) => s.file === file).sort((a, b) => b.lookup.line - a.lookup.line)) {
      const entity = /\b(?:get|query|select)\(\s*([A-Z]\w*)/.exec(lookup.rhs)?.[1] ?? entityOf(lookup);
      const indent = indentOf(split.lines[lookup.line - 1]!);
      const detail = await notFoundDetail(python, tree, entityLabel(entity), lookup.rhs);
      const check = [
        `${indent}if ${lookup.variable} is None:`,
        `${indent}${indentUnit(split.lines)}raise ${raise.statement(detail)}`,
      ];
      if (lookup.orNone) {
        // `.one()` raises on a miss; `.one_or_none()` lets the check answer the documented 404.
        for (let i = lookup.line - 1; i < lookup.end; i++)
          split.lines[i] = split.lines[i]!.replace(/\.(scalar_one|one)\(\)/, '.$1_or_none()');
      }
      if (lookup.returned) {
        // `return repo.get(id)`: the value is named, checked, then returned.
        split.lines[lookup.line - 1] = split.lines[lookup.line - 1]!.replace(
          /^(\s*)return\s+/,
          `$1${lookup.variable} = `,
        );
        check.push(`${indent}return ${lookup.variable}`);
      }
      split.lines.splice(lookup.end, 0, ...check);
    }
    const imported =
      module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === raise.name)) ||
      module.defs.some((d) => d.name === raise.name);
    const spelled = raise.module === 'fastapi' ? 'fastapi' : importSpecifier(file, module, raise.module);
    await tree.write(
      file,
      imported ? split.join(split.lines) : addFromImport(split.join(split.lines), module, spelled, raise.name),
    );
  }
  return true;
}
// A variable named for what it is (`row`, `result`) says nothing of the entity: the id looked up
// (`puppet_id` → puppet) does.
function entityOf(lookup: NoneSite['lookup']): string {
  if (!GENERIC.test(lookup.variable)) return lookup.variable;
  return /\b([a-z]\w*?)_id\b/.exec(lookup.rhs)?.[1] ?? lookup.variable;
}
const GENERIC = /^(?:row|result|res|record|rec|obj|data|found|r|entry|existing|match)$/;

// The raise the file already answers a miss of the same lookup function with: `if fetch(db, id)
// is None:` or `x = fetch(db, id)` … `if x is None:` (or `if not x:`), followed by a one-line
// `raise …404…` — the same 404 with the same detail the API gives elsewhere.
async function sameLookupRaise({ tree }: TemplateContext, site: NoneSite): Promise<Raise | null> {
  const called = /^\s*(?:await\s+)?(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*\(/.exec(site.lookup.rhs)?.[1];
  const source = called ? await tree.read(site.file) : null;
  if (!called || source === null || ['get', 'first', 'fetchone', 'scalar', 'execute'].includes(called)) return null;
  const { lines } = splitSource(source);
  const call = `(?<![\\w.])${called}\\s*\\(`;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (i + 1 >= site.lookup.line && i < site.lookup.end) continue;
    const test = /^\s*if\s+(.+):\s*$/.exec(lines[i]!)?.[1];
    const raised = /^\s*raise\s+([A-Za-z_][\w.]*\(.*\))\s*$/.exec(lines[i + 1]!)?.[1];
    if (!test || !raised || !/404|NotFound/i.test(raised)) continue;
    const checked = new RegExp(`^(?:not\\s+(\\w+)|(\\w+)\\s+is\\s+None)$`).exec(test.trim());
    const name = checked?.[1] ?? checked?.[2];
    const direct = new RegExp(`^(?:not\\s+)?(?:await\\s+)?${call}.*\\)(?:\\s+is\\s+None)?$`).test(test.trim());
    const viaLocal = !!name && assignedInBlock(lines, i, new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)\\s*${call}`));
    if (!direct && !viaLocal) continue;
    return { key: 'same-lookup', name: /^[A-Za-z_]\w*/.exec(raised)![0], module: 'fastapi', statement: () => raised };
  }
  return null;
}

// Whether a line of the function holding line `at` (0-based), before it, matches `assigned`.
function assignedInBlock(lines: readonly string[], at: number, assigned: RegExp): boolean {
  for (let i = at - 1; i >= 0; i--) {
    if (assigned.test(lines[i]!.replace(/^\s*await\s+/, ''))) return true;
    if (/^\s*(?:async\s+)?def\s/.test(lines[i]!)) return false;
  }
  return false;
}

// The codebase's own not-found exception: a project class named *NotFound* that the code already
// raises somewhere with a single message (or nothing), and that answers 4xx — an HTTPException
// subclass, or one an exception handler is registered for — raised the same way here.
async function ownNotFound({
  python,
  tree,
}: TemplateContext): Promise<{ name: string; module: string; statement: (detail: string) => string } | null> {
  const modules = await python.modules();
  const texts = new Map<string, string>();
  for (const file of modules.keys()) texts.set(file, (await tree.read(file)) ?? '');
  const all = [...texts.values()].join('\n');
  for (const [file, module] of modules) {
    for (const cls of module.classes) {
      if (!/NotFound/i.test(cls.name)) continue;
      const handled =
        cls.bases.some((b) => /HTTPException$/.test(b ?? '')) ||
        new RegExp(`exception_handler\\(\\s*${cls.name}\\b`).test(all);
      const use = new RegExp(`raise\\s+${cls.name}\\(\\s*("[^"]*"|'[^']*'|f"[^"]*"|f'[^']*')?\\s*\\)`).exec(all);
      if (!handled || !use) continue;
      return {
        name: cls.name,
        module: await python.moduleName(file),
        statement: (detail) => `${cls.name}(${use[1] ? detail : ''})`,
      };
    }
  }
  return null;
}
