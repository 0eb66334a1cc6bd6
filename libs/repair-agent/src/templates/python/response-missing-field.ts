import { addFromImport, byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { closestFieldName } from '../../similarity.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import { operationOf, type RepairTemplate } from '../template.js';
import { objectShape, successSchema } from './contract-schema.js';
import { writeChecks } from './none-deref.js';
import { returnedNoneSites } from './none-sites.js';
import { siblingKeyValues } from './sibling-key.js';
import { indentOf, maskStrings, statementEnd } from './expression-text.js';
import { renameMisnamedKeys } from './misnamed-key.js';

/**
 * FastAPI's `ResponseValidationError` (no frame of the app's: the response model rejected what
 * the handler returned) where the handler returns a dict literal or a constructor call that lacks
 * a required field of the documented response schema → add the field from the entity the other
 * fields come from (`owner_name` ← `project.owner`: the attribute that is the field or that the
 * field names), in the handler or in the project function whose dict it returns. Every endpoint
 * of the group is looked at (errors without an app frame share one signature; one of them that
 * returned an unchecked lookup's None gets none-deref's documented 404 in the same patch). A dict
 * whose other entries read one local dict by their own keys (`"present": counts["present"]`) gets
 * the missing key the same way, when that dict's literal has it. No candidate when a missing field
 * has no such attribute or key: data is never invented. A dict writing the value under an
 * undocumented key the missing field names (`"owner": dog.owner.full_name` for `owner_name`) gets
 * the key renamed instead (`renameMisnamedKeys`).
 */
export const pythonResponseMissingField: RepairTemplate = {
  id: 'python.response-missing-field',
  language: 'python',
  summary: "fill the response model's missing required field from the entity it describes",
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'],
    contract: true,
  },
  async *candidates(context) {
    const { cause, tree, python, contract } = context;
    const filled: string[] = [];
    const unfilled: string[] = [];
    let stamped = false;
    // Errors without an app frame share one signature: every endpoint of the group is looked at.
    for (const endpoint of new Set(cause.violations.map((v) => v.endpoint))) {
      const shape = objectShape(successSchema(operationOf(contract, endpoint)));
      const route = await findRoute(python, endpoint);
      if (!shape || !route) {
        unfilled.push(endpoint);
        continue;
      }
      const before = filled.length;
      const own = await fill(python, tree, route.file, route.handler, shape);
      if (own) {
        filled.push(`${route.handler.name} (${endpoint})`);
        if (own === 'now') stamped = true;
      } else {
        // `return service.summary(...)`: the dict is built one call away, in the project's own function.
        const called = route.handler.returns.map((r) => r.call).filter((c): c is string => !!c);
        for (const name of new Set(called)) {
          const defs = (await python.definitionsOf(name)).filter((d) => d.kind === 'function' && d.file !== route.file);
          const fn =
            defs.length === 1
              ? (await python.modules())
                  .get(defs[0]!.file)
                  ?.functions.find((f) => f.name === name && f.qualname === name)
              : undefined;
          const done = fn ? await fill(python, tree, defs[0]!.file, fn, shape) : false;
          if (done) filled.push(`${name} (${endpoint})`);
          if (done === 'now') stamped = true;
        }
        // `return service.summary()` with `service: ReportService`: the method of the annotated class.
        for (const method of filled.length === before
          ? await annotatedMethods(python, tree, route.file, route.handler)
          : []) {
          const done = await fill(python, tree, method.file, method.fn, shape);
          if (done) filled.push(`${method.fn.name} (${endpoint})`);
          if (done === 'now') stamped = true;
        }
      }
      if (filled.length === before) unfilled.push(endpoint);
    }
    if (filled.length === 0) return;
    // The group's other endpoints may have returned an unchecked lookup's None: one patch for the
    // group, or its scenarios still fail with the one signature they share.
    const sites = unfilled.length > 0 ? await returnedNoneSites(context, unfilled) : [];
    if (sites.length > 0) await writeChecks(context, sites);
    const kind = stamped ? 'now' : 'entity';
    const key =
      sites.length > 0 ? `python.response-missing-field#${kind}+404` : `python.response-missing-field#${kind}`;
    yield {
      key,
      summary:
        `fill the missing response fields of ${filled.join(', ')} ` +
        `from` +
        ` ${stamped ? 'the moment of the response' : 'the entity'}${
          sites.length > 0 ? `; 404 ` + `when ${sites.map((s) => s.lookup.variable).join(', ')} is not found` : ''
        }`,
      template: { recipe: key },
    };
  },
};

type Shape = NonNullable<ReturnType<typeof objectShape>>;

// Adds the missing required fields to every dict literal / constructor call `fn` returns; false
// when a return lacks a field no attribute of its entity stands for (nothing written then);
// 'now' when a computed document (a dict literal reading no entity) got its date-time stamp.
async function fill(
  python: PythonProject,
  tree: SourceTree,
  file: string,
  fn: FunctionSummary,
  shape: Shape,
): Promise<false | 'entity' | 'now'> {
  const source = await tree.read(file);
  if (source === null) return false;
  const { lines, join } = splitSource(source);
  let changed = false;
  let stamped = false;
  // Bottom-up, so earlier returns keep their line numbers.
  for (const ret of [...fn.returns].sort((a, b) => b.line - a.line)) {
    const end = statementEnd(lines, ret.line);
    const text = lines.slice(ret.line - 1, end).join('\n');
    const call = fn.calls.find(
      (c) => c.line === ret.line && c.name === ret.call && /^\s*return\s+[\w.]+\(/.test(lines[ret.line - 1]!),
    );
    const dict = /^\s*return\s+\{/.test(lines[ret.line - 1]!) && /\}\s*$/.test(lines[end - 1]!);
    if ((!call && !dict) || call?.starKwargs.length) continue;
    const given = call ? call.keywords : dictKeys(text);
    // A camelCase contract over snake_case models (pydantic's alias generator): `tripCount` is
    // given as `trip_count`, and a missing one is written the way the others are.
    const snake = !call && shape.required.some((f) => f !== snakeCase(f) && given.includes(snakeCase(f)));
    const missing = shape.required
      .filter((f) => !given.includes(f) && !(snake && given.includes(snakeCase(f))))
      .map((f) => (snake ? snakeCase(f) : f));
    if (missing.length === 0) continue;
    // A call that is no response model (a service returning the dict) is not this return's shape.
    if (call && !(await python.classNamed(call.name))) continue;
    // `"owner": …` where `owner_name` is documented and missing: the key is the field misnamed.
    const documented = Object.keys(shape.properties);
    const renamed = call
      ? null
      : renameMisnamedKeys(text, given, missing, [...documented, ...documented.map(snakeCase)]);
    if (renamed !== null) {
      lines.splice(ret.line - 1, end - ret.line + 1, ...renamed.split('\n'));
      changed = true;
      continue;
    }
    const entity = await entityOf(python, text);
    const values: string[] = [];
    const siblings =
      !entity && !call ? siblingKeyValues(text, lines.slice(fn.line - 1, fn.endLine).join('\n'), missing) : null;
    if (siblings) values.push(...siblings);
    else if (!entity) {
      // A document computed here (a report: no entity's attribute is read into it) lacking only
      // date-time fields: the moment it is made is the one value they can have.
      if (
        call ||
        /\b[a-z_]\w*\.[a-z_]\w*\b(?!\()/.test(maskStrings(text)) ||
        !missing.every((f) => isDateTime(shape.properties[f]) && namesItsMaking(f))
      )
        return false;
      values.push(...missing.map((f) => `${JSON.stringify(f)}: ${NOW}`));
      stamped = true;
    }
    for (const field of entity ? missing : []) {
      const attribute = entity!.members.includes(field) ? field : closestFieldName(field, entity!.members);
      const counted = attribute ? null : await countedCollection(python, tree, entity!.cls, entity!.members, field);
      const produced = attribute || counted ? null : await producedElsewhere(python, tree, file, fn, field, entity!);
      if (!attribute && !counted && !produced) return false;
      const value = attribute
        ? `${entity!.variable}.${attribute}`
        : counted
          ? `len(${entity!.variable}.${counted})`
          : produced!;
      values.push(call ? `${field}=${value}` : `${JSON.stringify(field)}: ${value}`);
    }
    const last = end - 1;
    const closeAt = call ? byteColumnToIndex(lines[call.endLine - 1]!, call.endCol) - 1 : lines[last]!.lastIndexOf('}');
    const closeLine = call ? call.endLine - 1 : last;
    const before = lines[closeLine]!.slice(0, closeAt);
    if (before.trim() === '' && closeLine > ret.line - 1) {
      // A multi-line literal: one line per added field, indented like the entries above.
      const entryIndent = indentOf(lines[closeLine - 1]!);
      if (!/,\s*$/.test(lines[closeLine - 1]!)) lines[closeLine - 1] = `${lines[closeLine - 1]!.replace(/\s*$/, '')},`;
      lines.splice(closeLine, 0, ...values.map((v) => `${entryIndent}${v},`));
    } else {
      const trimmed = before.replace(/\s*$/, '');
      const separator = /[({]$/.test(trimmed) ? '' : trimmed.endsWith(',') ? ' ' : ', ';
      lines[closeLine] = `${trimmed}${separator}${values.join(', ')}${lines[closeLine]!.slice(closeAt)}`;
    }
    changed = true;
  }
  if (!changed) return false;
  let edited = join(lines);
  const module = stamped ? (await python.modules()).get(file) : undefined;
  if (stamped) {
    if (!module || /^import datetime\b/m.test(edited)) return false;
    // One import edit (the module summary is not re-read between edits): the names still missing, together.
    const bound = new Set(
      module.imports.flatMap((i) =>
        i.kind === 'from' && i.module === 'datetime' ? i.names.filter((n) => !n.asname).map((n) => n.name) : [],
      ),
    );
    const names = ['datetime', 'timezone'].filter((n) => !bound.has(n));
    if (names.length > 0) edited = addFromImport(edited, module, 'datetime', names.join(', '));
  }
  await tree.write(file, edited);
  return stamped ? 'now' : 'entity';
}

// The project methods a handler returns the result of through a parameter annotated with their
// class (`def report(service: ReportService = Depends(...)): return service.summary()`).
async function annotatedMethods(
  python: PythonProject,
  tree: SourceTree,
  file: string,
  handler: FunctionSummary,
): Promise<{ file: string; fn: FunctionSummary }[]> {
  const lines = splitSource((await tree.read(file)) ?? '').lines;
  const out: { file: string; fn: FunctionSummary }[] = [];
  for (const ret of handler.returns) {
    const m = /^\s*return\s+(\w+)\.(\w+)\(/.exec(lines[ret.line - 1] ?? '');
    const annotation = m ? handler.annotations[m[1]!]?.replace(/^.*\./, '') : undefined;
    const found = annotation ? await python.classNamed(annotation) : undefined;
    const fn = found
      ? (await python.modules())
          .get(found.file)
          ?.functions.find((f) => f.name === m![2] && found.cls.line < f.line && f.line <= found.cls.endLine)
      : undefined;
    if (found && fn && !out.some((o) => o.fn === fn)) out.push({ file: found.file, fn });
  }
  return out;
}

// Builtins an expression copied from elsewhere may call without the target function binding them.
const BUILTINS = new Set([
  'len',
  'sum',
  'min',
  'max',
  'round',
  'int',
  'float',
  'str',
  'bool',
  'abs',
  'list',
  'dict',
  'sorted',
  'any',
  'all',
  'None',
  'True',
  'False',
  'if',
  'else',
  'and',
  'or',
  'not',
  'for',
  'in',
  'is',
]);

// How the project computes `field` elsewhere from an entity of the same class (`available_copies=
// book.total_copies - loans.active_count(db, book.id)` in another mapper): that expression, its
// entity variable renamed to this one, when every other name it reads is bound here (a parameter,
// an import, a module definition) and the project computes the field one way only.
async function producedElsewhere(
  python: PythonProject,
  tree: SourceTree,
  file: string,
  fn: FunctionSummary,
  field: string,
  entity: { variable: string; cls: string; members: string[] },
): Promise<string | null> {
  const modules = await python.modules();
  const own = modules.get(file);
  if (!own) return null;
  const bound = new Set([
    ...fn.params,
    ...fn.locals,
    ...own.defs.map((d) => d.name),
    ...own.imports.flatMap((i) => i.names.map((n) => (n.asname ?? n.name).split('.')[0]!)),
  ]);
  const found = new Set<string>();
  for (const [other] of modules) {
    const source = (await tree.read(other)) ?? '';
    for (const m of source.matchAll(new RegExp(`(?:\\b${field}\\s*=(?!=)|["']${field}["']\\s*:)\\s*`, 'g'))) {
      const start = m.index + m[0].length;
      const line = source.slice(0, start).split('\n').length;
      if (other === file && fn.line <= line && line <= fn.endLine) continue;
      const expression = valueAt(source, start);
      const readers = new Set(
        [...maskStrings(expression).matchAll(/(?<![\w.])([a-z_]\w*)\.(\w+)\b(?!\s*\()/g)]
          .filter((r) => entity.members.includes(r[2]!))
          .map((r) => r[1]!),
      );
      if (!expression || readers.size !== 1) continue;
      const [reader] = [...readers];
      const renamed = expression.replace(new RegExp(`(?<![\\w.])${reader}\\b`, 'g'), entity.variable);
      const names = [...maskStrings(renamed).matchAll(/(?<![\w.])([A-Za-z_]\w*)/g)].map((n) => n[1]!);
      if (names.every((n) => n === entity.variable || bound.has(n) || BUILTINS.has(n))) found.add(renamed);
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}

// The expression starting at `start` up to the `,` or closing bracket that ends it (one line).
function valueAt(source: string, start: number): string {
  const line = source.slice(start, source.indexOf('\n', start) < 0 ? undefined : source.indexOf('\n', start));
  const masked = maskStrings(line);
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return line.slice(0, i).trim();
      depth--;
    } else if (ch === ',' && depth === 0) return line.slice(0, i).trim();
  }
  return depth === 0 ? line.trim() : '';
}

// Words a field uses for the moment the document itself is made (`generated_at`, `as_of`,
// `computed_at`): a `period_start` or `due_at` missing from a report is data, never "now".
const MADE = new Set([
  'generated',
  'generation',
  'created',
  'computed',
  'calculated',
  'produced',
  'reported',
  'rendered',
  'built',
  'snapshot',
  'as',
  'timestamp',
  'now',
]);

function namesItsMaking(field: string): boolean {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => MADE.has(w)) && !(words.includes('as') && !words.includes('of'));
}

// An aware UTC moment: serialised with its offset, the same whatever the server's zone.
const NOW = 'datetime.now(timezone.utc)';

// A `format: date-time` property (through anyOf), as pydantic documents a datetime.
function isDateTime(property: Record<string, unknown> | undefined): boolean {
  if (!property) return false;
  if (property['format'] === 'date-time') return true;
  return ['anyOf', 'oneOf'].some(
    (k) => Array.isArray(property[k]) && (property[k] as Record<string, unknown>[]).some((m) => isDateTime(m)),
  );
}

// The variable most of the returned values are read from (`project` in `project.id`,
// `project.title`) and the members of the one project class that has all attributes read from it.
async function entityOf(
  python: PythonProject,
  text: string,
): Promise<{ variable: string; cls: string; members: string[] } | null> {
  const reads = new Map<string, Set<string>>();
  for (const m of maskStrings(text).matchAll(/\b([a-z_]\w*)\.(\w+)\b/g)) {
    if (!reads.has(m[1]!)) reads.set(m[1]!, new Set());
    reads.get(m[1]!)!.add(m[2]!);
  }
  const [variable, attributes] = [...reads].sort((a, b) => b[1].size - a[1].size)[0] ?? [];
  if (!variable || !attributes) return null;
  const owners: { cls: string; members: string[]; schema: boolean }[] = [];
  for (const module of (await python.modules()).values()) {
    for (const cls of module.classes) {
      const members = (await python.classMembers(cls.name)).filter(
        (m) => !m.startsWith('_') && !cls.methods.includes(m),
      );
      if ([...attributes].every((a) => members.includes(a)))
        owners.push({ cls: cls.name, members, schema: await isSchema(python, cls.bases) });
    }
  }
  // An entity rather than a response schema shaped like it, when both have the attributes read.
  const entities = owners.some((o) => !o.schema) ? owners.filter((o) => !o.schema) : owners;
  return entities.length === 1 ? { variable, cls: entities[0]!.cls, members: entities[0]!.members } : null;
}

// The string keys of a dict literal's entries (`"id": …`), not strings that merely contain a colon.
function dictKeys(text: string): string[] {
  const masked = maskStrings(text);
  return [...text.matchAll(/["'](\w+)["']\s*:/g)]
    .filter((m) => /^["'] *["']/.test(masked.slice(m.index)))
    .map((m) => m[1]!);
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

// `trip_count` (or `trips_count`, `number_of_trips`) for an entity with a collection `trips`
// (a SQLAlchemy `relationship(...)` or a `Mapped[list[...]]`): its length is the count.
async function countedCollection(
  python: PythonProject,
  tree: SourceTree,
  cls: string,
  members: readonly string[],
  field: string,
): Promise<string | null> {
  const noun = /^(\w+?)_count$/.exec(field)?.[1] ?? /^(?:number|num|count)_of_(\w+)$/.exec(field)?.[1];
  if (!noun) return null;
  const collection = [`${noun}s`, `${noun}es`, noun, noun.replace(/y$/, 'ies')].find((n) => members.includes(n));
  const found = collection ? await python.classNamed(cls) : undefined;
  const source = found ? await tree.read(found.file) : null;
  if (!collection || !found || source === null) return null;
  const body = splitSource(source)
    .lines.slice(found.cls.line - 1, found.cls.endLine)
    .join('\n');
  const declared = new RegExp(
    `^\\s*${collection}\\s*(?::\\s*Mapped\\[\\s*(?:list|List|set|Set)\\[[^\\n]*|(?::[^=\\n]*)?=\\s*relationship\\()`,
    'm',
  );
  return declared.test(body) ? collection : null;
}

/** A pydantic model: BaseModel among its bases, directly or through the project's own base classes
 * (`class ItemOut(CamelModel)` with `class CamelModel(BaseModel)`). */
export async function isSchema(python: PythonProject, bases: readonly (string | null)[], depth = 0): Promise<boolean> {
  for (const base of bases) {
    if (base === null) continue;
    if (/BaseModel$/.test(base)) return true;
    const parent = depth < 5 ? await python.classNamed(base.replace(/^.*\./, '')) : undefined;
    if (parent && (await isSchema(python, parent.cls.bases, depth + 1))) return true;
  }
  return false;
}
