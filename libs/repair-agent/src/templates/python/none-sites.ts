import { splitSource } from '../../python/python-edits.js';
import { findRoute } from '../../recipes/python/route-match.js';
import { operationOf, type TemplateContext } from '../template.js';
import { documents, pathParameters } from './contract-schema.js';
import { maskStrings, statementEnd } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// Where a lookup by the request's id left None on the request's path (python.none-deref).

// The call shapes that return None when a lookup misses: `db.get(Model, id)`, `repo.get_by_id(id)`,
// `crud.get_item(db, id)`, `query(...).filter(...).first()`, `scalar_one_or_none()`, a mapping's
// `.get(key)`, `find_one`, DB-API's `cursor.fetchone()`, `next((x for x in xs if …), None)`.
const LOOKUP = new RegExp(
  String.raw`(?:\.(?:get|find|first|one_or_none|scalar_one_or_none|scalar|fetch_one|fetchone)|(?<!\w)(?:get_\w+|` +
    String.raw`find_\w+|lookup\w*|fetch_by_\w+|load_by_\w+|read_\w+))\s*\(|` +
    String.raw`(?<![\w.])next\((?=.*,\s*None\s*\)\s*$)`,
);
// pydantic's ways to build a model from an object (v2, then v1).
const VALIDATORS = 'model_validate|from_orm|parse_obj';
/** Where a lookup's None must be checked: the file and the lookup's statement. */
export interface NoneSite {
  readonly file: string;
  readonly lookup: Lookup;
}

/** The culprit dereferences None, or SQLAlchemy's `.one()` found no row: the lookup to check. */
export async function failedLookup(context: TemplateContext, noRow: boolean): Promise<NoneSite | null> {
  return noRow ? requiredRow(context) : dereferencedNone(context);
}

// The culprit dereferences None (`x.attr`, `x[...]`, `for … in x`, `setattr(x, …)`,
// `session.delete(x)`): the variable on its line that a lookup by the request's id assigned —
// or, when it came in as a parameter, the one the caller passed, up the request's frames.
async function dereferencedNone(context: TemplateContext): Promise<NoneSite | null> {
  const { exception, tree, operation } = context;
  const message = exception?.message ?? '';
  const attribute = /^'NoneType' object has no attribute '(\w+)'/.exec(message)?.[1];
  // pydantic's `1 validation error for MusherOut` on `MusherOut.model_validate(musher)`: the model was handed None.
  const model = /^\d+ validation errors? for (\w+)/.exec(message)?.[1];
  if (
    !(
      attribute ||
      model ||
      /^'NoneType' object is not (?:subscriptable|iterable)|NoneType' is not mapped/.test(message)
    )
  )
    return null;
  const optional = await optionalFunctions(context);
  for (const [index, frame] of (await requestFrames(context)).entries()) {
    const source = await tree.read(frame.file);
    if (source === null) continue;
    const { lines } = splitSource(source);
    const masked = maskStrings(lines[frame.line - 1] ?? '');
    // Best evidence first: the variable the attribute is read from; then any name on the line.
    const named =
      attribute && index === 0
        ? [...masked.matchAll(new RegExp(`\\b(\\w+)\\.${attribute}\\b`, 'g'))].map((m) => m[1]!)
        : model && index === 0
          ? [...masked.matchAll(new RegExp(`\\b${model}\\.(?:${VALIDATORS})\\(\\s*(\\w+)\\s*[,)]`, 'g'))].map(
              (m) => m[1]!,
            )
          : [];
    if (model && named.length === 0) continue;
    // `order.customer.name` with customer None: `order` was found, so the line's other names are
    // no suspects; only without a visible `.attr` (setattr, delete, iteration) are they.
    const used = named.length > 0 ? named : [...masked.matchAll(/(?<![.\w])([a-z_]\w*)\b(?!\s*\()/g)].map((m) => m[1]!);
    const lookup = findLookup(lines, frame.fn.bodyLine, frame.line, used, idsOf(operation, frame.fn.params), optional);
    if (lookup) return { file: frame.file, lookup };
  }
  return null;
}

/**
 * FastAPI rejected a handler's None against its response model (no frame of the app's): for each
 * endpoint of the group (or of `only`) that documents 404, the handler's return of a variable a
 * lookup by the request's id assigned, or of the lookup itself.
 */
export async function returnedNoneSites(
  { cause, tree, python, contract }: TemplateContext,
  only?: readonly string[],
): Promise<NoneSite[]> {
  const sites: NoneSite[] = [];
  for (const endpoint of only ?? new Set(cause.violations.map((v) => v.endpoint))) {
    const operation = operationOf(contract, endpoint);
    const route = documents(operation, 404) ? await findRoute(python, endpoint) : undefined;
    const source = route ? await tree.read(route.file) : null;
    if (!route || source === null) continue;
    const { lines } = splitSource(source);
    const fn = route.handler;
    const ids = idsOf(operation, fn.params);
    for (const ret of fn.returns) {
      const variable = /^\s*return\s+(\w+)\s*$/.exec(lines[ret.line - 1]!)?.[1];
      const end = statementEnd(lines, ret.line);
      const rhs = lines
        .slice(ret.line - 1, end)
        .join(' ')
        .replace(/^\s*return\s+/, '');
      const lookup = variable
        ? findLookup(lines, fn.bodyLine, ret.line, [variable], ids)
        : /^(?:await\s+)?[\w.]+\(/.test(rhs) && isLookupBy(rhs, ids) && returnName(ids, rhs, fn)
          ? { variable: returnName(ids, rhs, fn)!, rhs, line: ret.line, end, returned: true }
          : null;
      if (lookup && !sites.some((s) => s.file === route.file && s.lookup.line === lookup.line)) {
        sites.push({ file: route.file, lookup });
        break;
      }
    }
  }
  return sites;
}

// SQLAlchemy's `.one()` / `.scalar_one()` found no row (`NoResultFound`): the statement of the
// innermost frame that runs one, by the request's id — assigned, or returned as is.
async function requiredRow(context: TemplateContext): Promise<NoneSite | null> {
  for (const frame of await requestFrames(context)) {
    const source = await context.tree.read(frame.file);
    if (source === null) continue;
    const { lines } = splitSource(source);
    let start = frame.line;
    for (let line = frame.line; line >= frame.fn.bodyLine; line--) {
      if (
        statementEnd(lines, line) >= frame.line &&
        /^\s*(?:return\s|\w+\s*(?::[^=]+)?=(?!=))/.test(lines[line - 1]!)
      ) {
        start = line;
        break;
      }
    }
    const end = statementEnd(lines, start);
    const text = lines.slice(start - 1, end).join(' ');
    const ids = idsOf(context.operation, frame.fn.params);
    const statement = text.replace(/^\s*(?:return\s+|\w+\s*(?::[^=]+)?=(?!=)\s*)/, '');
    const widened = withReceiver(lines, frame.fn.bodyLine, start, statement);
    if (!/\.(?:scalar_one|one)\(\)/.test(text) || ![...ids].some((id) => new RegExp(`\\b${id}\\b`).test(widened)))
      continue;
    const assigned = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)\s*(.*)$/.exec(lines[start - 1]!);
    if (assigned)
      return { file: frame.file, lookup: { variable: assigned[1]!, rhs: text, line: start, end, orNone: true } };
    const name = returnName(ids, text, frame.fn);
    if (name)
      return {
        file: frame.file,
        lookup: { variable: name, rhs: text, line: start, end, returned: true, orNone: true },
      };
  }
  return null;
}

// A name for a returned lookup: the id's entity (`item` for `item_id`), else `found`; never one in use.
// The model the lookup selects (`select(Task)` → `task`) names it best; else the innermost path id.
function returnName(
  ids: ReadonlySet<string>,
  rhs: string,
  fn: { params: readonly string[]; locals: readonly string[] },
): string | null {
  const model = /\b(?:get|query|select)\(\s*([A-Z]\w*)/
    .exec(rhs)?.[1]
    ?.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
  const used = [...ids].filter((id) => id.endsWith('_id') && new RegExp(`\\b${id}\\b`).test(rhs)).reverse();
  const named = (used.find((id) => id === `${model}_id`) ?? used[0])?.replace(/_id$/, '');
  const name = named && !fn.params.includes(named) && !fn.locals.includes(named) ? named : 'found';
  return fn.params.includes(name) || fn.locals.includes(name) ? null : name;
}

// The request's id: a documented path parameter, or a parameter of this function named like an id.
function idsOf(operation: TemplateContext['operation'], params: readonly string[]): Set<string> {
  // A required query parameter the function takes (`?microchip=…` → `get_by_microchip(db, microchip)`) is the request's
  // key too.
  const keys = (operation?.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required && params.includes(p.name))
    .map((p) => p.name);
  return new Set([...pathParameters(operation), ...keys, ...params.filter((p) => /(^|_)id$/.test(p))]);
}

// `item = result.scalar_one_or_none()`: the id is in the statement that made `result`, one step up.
function withReceiver(lines: readonly string[], from: number, line: number, rhs: string): string {
  const receiver = /^\s*(?:await\s+)?([a-z_]\w*)\./.exec(rhs)?.[1];
  if (!receiver) return rhs;
  for (let i = line - 1; i >= from; i--) {
    const m = new RegExp(`^\\s*${receiver}\\s*(?::[^=]+)?=(?!=)`).exec(lines[i - 1]!);
    if (m) return `${rhs} ${lines.slice(i - 1, statementEnd(lines, i)).join(' ')}`;
  }
  return rhs;
}

function isLookupBy(rhs: string, ids: ReadonlySet<string>, optional: ReadonlySet<string> = new Set()): boolean {
  const called = [...rhs.matchAll(/(?<![\w])(\w+)\s*\(/g)].some((m) => optional.has(m[1]!));
  // The id itself, not a column of that name (`Turnout.herd_id == herd.id` is no lookup by the request's herd_id:
  // the herd was found) nor a keyword's name.
  return (
    (LOOKUP.test(rhs) || called) && [...ids].some((id) => new RegExp(`(?<![\\w.])${id}\\b(?!\\s*=(?!=))`).test(rhs))
  );
}

// The project's functions declared to return None for a miss (`-> Order | None`,
// `-> Optional[Order]`), or that return a DB-API `….fetchone()` (None when no row matches): a call
// to one is a lookup whatever its name (`next_for_pet(db, pet_id)`).
async function optionalFunctions({ python, tree }: TemplateContext): Promise<Set<string>> {
  const names = new Set<string>();
  for (const [file, module] of await python.modules()) {
    const source = await tree.read(file);
    if (source === null) continue;
    const { lines } = splitSource(source);
    for (const fn of module.functions) {
      const signature = lines.slice(fn.line - 1, Math.max(fn.line, fn.bodyLine - 1)).join(' ');
      if (/->\s*(?:Optional\[|[^:]*\|\s*None\b|None\s*\|)/.test(signature)) names.add(fn.name);
      else if (
        fn.returns.some((r) =>
          /\.fetchone\(\)\s*$/.test(lines.slice(r.line - 1, statementEnd(lines, r.line)).join(' ')),
        )
      )
        names.add(fn.name);
    }
  }
  return names;
}

/** A lookup's statement and the variable that holds its result. */
interface Lookup {
  readonly variable: string;
  readonly rhs: string;
  /** 1-based first and last line of the assignment. */
  readonly line: number;
  readonly end: number;
  /** The lookup is the returned expression itself (`return repo.get(id)`). */
  readonly returned?: boolean;
  /** The lookup ends in `.one()` / `.scalar_one()`, to become `…_or_none()`. */
  readonly orNone?: boolean;
}

// The last assignment before the culprit of a dereferenced variable from a lookup whose
// arguments name the request's id; none when the variable is already checked for None after it.
function findLookup(
  lines: readonly string[],
  from: number,
  culpritLine: number,
  used: readonly string[],
  ids: ReadonlySet<string>,
  optional?: ReadonlySet<string>,
): Lookup | null {
  for (const variable of new Set(used)) {
    for (let line = culpritLine - 1; line >= from; line--) {
      const m = new RegExp(`^\\s*${variable}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`).exec(lines[line - 1]!);
      if (!m) continue;
      const end = statementEnd(lines, line);
      const rhs = [m[1]!, ...lines.slice(line, end)].join(' ');
      const between = lines.slice(end, culpritLine - 1).join('\n');
      if (!isLookupBy(withReceiver(lines, from, line, rhs), ids, optional)) break;
      if (new RegExp(`\\b${variable}\\s+is\\s+(?:not\\s+)?None\\b|\\bnot\\s+${variable}\\b`).test(between)) break;
      return { variable, rhs, line, end };
    }
  }
  return null;
}
