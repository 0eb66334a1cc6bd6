import { splitSource } from '../../python/python-edits.js';
import { closingParen } from '../../templates/python/call-keyword.js';
import type { CallSummary } from '../../python/module-summary.js';
import { closestFieldMeaning, stems } from '../../templates/python/field-meaning.js';
import { modelColumns } from '../../templates/python/model-columns.js';
import { keywordValueField } from './keyword-value-field.js';
import type { Recipe, RecipeContext } from '../recipe.js';

const MESSAGES = [
  /^'(\w+)' is an invalid keyword argument for (\w+)/, // SQLAlchemy's declarative constructor
  /^(?:(\w+)\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'/, // Python 3.10+
];

/**
 * A model built with keywords it does not accept — typically `Model(**schema.model_dump())`
 * where the request schema names a field differently → map each unknown field to the model's
 * closest field, by spelling then by meaning (`phone_number` → `phone`). Never drops one: the
 * request's data would be lost silently, so when any field has no certain mapping there is no fix.
 */
export const pythonModelKwargs: Recipe = {
  id: 'python.model-kwargs',
  language: 'python',
  summary: "map keyword arguments a model's constructor does not accept onto the fields it has",
  async apply(context) {
    const { exception, culprit, tree, python } = context;
    if (exception?.type !== 'TypeError' || !culprit) return null;
    const parsed = parseMessage(exception.message);
    if (!parsed) return null;
    const accepted = await acceptedKeywords(context, parsed.callee);
    if (accepted.length === 0) return null;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const call = fn?.calls.find((c) => c.name === parsed.callee && c.line <= culprit.line && culprit.line <= c.endLine);
    if (!fn || !call) return null;
    const source = await tree.read(culprit.file);
    if (source === null) return null;
    const updated = call.keywords.includes(parsed.keyword)
      ? renameKeyword(
          source,
          call,
          parsed.keyword,
          closestFieldMeaning(parsed.keyword, unset(accepted, call)) ??
            // `registration=payload.vehicle_reg.upper()`: the value reads the one free field the keyword means.
            keywordValueField(source, call, parsed.keyword, unset(accepted, call)),
        )
      : await remapExpansion(context, source, call, fn.annotations, accepted, parsed.keyword);
    if (!updated || updated.source === source) return null;
    await tree.write(culprit.file, updated.source);
    return {
      summary: `${updated.summary} in the ${parsed.callee}(...) call at ${culprit.file}:${call.line}`,
      template: { recipe: 'python.model-kwargs', callee: parsed.callee, mapping: updated.mapping },
    };
  },
};

/** The callee and the refused keyword of a TypeError raised by a constructor or function call. */
export function parseMessage(message: string): { callee: string; keyword: string } | null {
  const sqlalchemy = MESSAGES[0]!.exec(message);
  if (sqlalchemy) return { callee: sqlalchemy[2]!, keyword: sqlalchemy[1]! };
  const python = MESSAGES[1]!.exec(message);
  if (python) return { callee: python[2] === '__init__' && python[1] ? python[1] : python[2]!, keyword: python[3]! };
  return null;
}

/**
 * The keywords a callee takes. A class: its explicit __init__ parameters, else its declared fields
 * (SQLAlchemy columns, dataclass and pydantic fields); a function: its parameters.
 */
export async function acceptedKeywords({ python }: RecipeContext, callee: string): Promise<string[]> {
  const found = await python.classNamed(callee);
  if (found) {
    if (found.cls.initParams) return found.cls.initParams;
    const members = await python.classMembers(callee);
    return members.filter((m) => !m.startsWith('_') && !found.cls.methods.includes(m));
  }
  for (const module of (await python.modules()).values()) {
    const fn = module.functions.find((f) => f.name === callee && !f.qualname.includes('.'));
    if (fn) return fn.params;
  }
  return [];
}

// The accepted keywords the call does not pass yet.
function unset(accepted: readonly string[], call: CallSummary): string[] {
  return accepted.filter((a) => !call.keywords.includes(a));
}

function renameKeyword(source: string, call: CallSummary, keyword: string, replacement: string | undefined) {
  if (!replacement) return null;
  const { lines, join } = splitSource(source);
  for (let i = call.line - 1; i < call.endLine; i++) {
    const next = lines[i]!.replace(new RegExp(`\\b${keyword}(\\s*=)`), `${replacement}$1`);
    if (next !== lines[i]) {
      lines[i] = next;
      return {
        source: join(lines),
        summary: `rename keyword ${keyword}= to ${replacement}=`,
        mapping: { [keyword]: replacement },
      };
    }
  }
  return null;
}

// `**payload.model_dump()` (or `.dict()`, or a plain mapping): every field of the schema the
// model does not accept is mapped to the closest model field not set otherwise, or dropped.
async function remapExpansion(
  { python, tree }: RecipeContext,
  source: string,
  call: CallSummary,
  annotations: Record<string, string | null>,
  accepted: readonly string[],
  keyword: string,
) {
  const expansion = call.starKwargs.find((e): e is string => e !== null);
  if (!expansion) return null;
  const dumped = /^(\w+)\.(model_dump|dict)\((.*)\)$/.exec(expansion);
  // An `exclude=` already there: only a literal set can be extended, and its fields stay excluded.
  const excludedBefore = dumped ? excludedSet(dumped[3]!) : [];
  if (excludedBefore === null) return null;
  let unknown = [keyword];
  // Model fields the expansion already sets: mapping a field onto one would pass it twice.
  let provided: string[] = [];
  // `data = payload.model_dump(…)` earlier in the function, then `Model(**data)`: the dict holds the schema's fields.
  const origin = dumped ? null : dumpedLocal(source, call, expansion);
  if (dumped || origin) {
    const owner = dumped ? dumped[1]! : origin!;
    const schema = (annotations[owner] ?? (await schemaDeclaring(python, keyword, call.name)))?.replace(/^.*\./, '');
    const fields = schema
      ? (await python.classMembers(schema)).filter((f) => !f.startsWith('_') && f !== 'model_config')
      : [];
    const extra = fields.filter((f) => !accepted.includes(f) && !excludedBefore.includes(f));
    if (extra.includes(keyword)) unknown = extra;
    provided = fields.filter((f) => accepted.includes(f));
  }
  const mapping: Record<string, string> = {};
  const taken = new Set([...call.keywords, ...provided, ...excludedBefore]);
  const required = (await modelColumns(python, tree, call.name)).filter((c) => c.required).map((c) => c.name);
  for (const field of unknown) {
    const pool = accepted.filter((a) => !taken.has(a) && !unknown.includes(a));
    // By spelling or meaning; else the one unset column sharing a word with it, required ones first
    // (`lot_number` → `batch_number`: the only column left that the dump does not set).
    const target =
      closestFieldMeaning(field, pool) ??
      requiredNamesake(
        field,
        pool.filter((a) => required.includes(a)),
      ) ??
      requiredNamesake(field, unknown.length === 1 ? pool : []);
    if (!target) return null;
    mapping[field] = target;
    taken.add(target);
  }
  const excluded = `{${[...excludedBefore, ...unknown].map((f) => JSON.stringify(f)).join(', ')}}`;
  const otherArgs = dumped ? dumped[3]!.replace(/,?\s*\bexclude\s*=\s*\{[^}]*\}\s*/, '').replace(/^\s*,\s*/, '') : '';
  const base = dumped ? dumped[1]! : expansion;
  const mapped = Object.entries(mapping).map(([field, target]) =>
    dumped ? `${target}=${base}.${field}` : `${target}=${base}[${JSON.stringify(field)}]`,
  );
  const replacementExpansion = dumped
    ? `${base}.${dumped[2]}(${otherArgs ? `${otherArgs}, ` : ''}exclude=${excluded})`
    : `{key: value for key, value in ${base}.items() if key not in ${excluded}}`;
  const { lines, join } = splitSource(source);
  // The expansion as written (the inspector's text is unparsed: its quotes may differ).
  const opening = dumped ? `**${base}.${dumped[2]}(` : `**${expansion}`;
  for (let i = call.line - 1; i < call.endLine; i++) {
    const at = lines[i]!.indexOf(opening);
    if (at < 0) continue;
    const close = dumped ? closingParen(lines, i + 1, at) : { line: i, index: at + opening.length - 1 };
    if (!close || close.line !== i) return null;
    lines[i] =
      `${lines[i]!.slice(0, at)}*` +
      `*${replacementExpansion}${mapped.map((m) => `, ${m}`).join('')}${lines[i]!.slice(close.index + 1)}`;
    const described = Object.entries(mapping).map(([f, t]) => `${f}→${t}`);
    return { source: join(lines), summary: `map schema fields to the model (${described.join(', ')})`, mapping };
  }
  return null;
}

// `initial_frames` for `frame_count`: no word rule maps them, but a required column (NOT NULL, no
// default) that nothing else sets must come from the request, and when exactly one such column
// shares a content word with the field, that is the field it names.
function requiredNamesake(field: string, requiredUnset: readonly string[]): string | undefined {
  const own = stems(field).filter((w) => w.length >= 3 && w !== 'id' && w !== '@moment');
  const matches = requiredUnset.filter((column) => stems(column).some((w) => own.includes(w)));
  return matches.length === 1 ? matches[0] : undefined;
}

// An unannotated parameter (`def add(self, payload)`): the one project class, other than the
// model, that declares the offending field is taken as the schema being dumped.
async function schemaDeclaring(
  python: RecipeContext['python'],
  field: string,
  model: string,
): Promise<string | undefined> {
  const owners = new Set<string>();
  for (const module of (await python.modules()).values()) {
    for (const cls of module.classes) if (cls.name !== model && cls.attributes.includes(field)) owners.add(cls.name);
  }
  return owners.size === 1 ? [...owners][0] : undefined;
}

// The field names of `exclude={"a", "b"}` in a model_dump's arguments ([] when there is none),
// or null when `exclude=` is something else (a variable, a dict) that cannot be extended safely.
function excludedSet(args: string): string[] | null {
  if (!/\bexclude\s*=/.test(args)) return [];
  const set = /\bexclude\s*=\s*\{([^{}]*)\}/.exec(args);
  if (!set) return null;
  const names = set[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const plain = names.map((n) => /^['"](\w+)['"]$/.exec(n)?.[1]);
  return plain.every((n): n is string => n !== undefined) ? plain : null;
}

// The parameter whose dump a local was bound to before the call (`data = payload.model_dump(mode="python")`).
function dumpedLocal(source: string, call: CallSummary, name: string): string | null {
  if (!/^\w+$/.test(name)) return null;
  const before = splitSource(source).lines.slice(0, call.line - 1);
  const bound = before.map((l) =>
    new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)\\s*(\\w+)\\.(?:model_dump|dict)\\(`).exec(l),
  );
  const last = bound.findLastIndex((m) => m !== null);
  const reassigned = before.slice(last + 1).some((l) => new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`).test(l));
  return last >= 0 && !reassigned ? bound[last]![1]! : null;
}
