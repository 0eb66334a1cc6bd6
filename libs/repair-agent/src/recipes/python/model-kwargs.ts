import { splitSource } from '../../python/python-edits.js';
import type { CallSummary } from '../../python/module-summary.js';
import { closestFieldName, closestName } from '../../similarity.js';
import type { Recipe, RecipeContext } from '../recipe.js';

const MESSAGES = [
  /^'(\w+)' is an invalid keyword argument for (\w+)/, // SQLAlchemy's declarative constructor
  /^(?:(\w+)\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'/, // Python 3.10+
];

/**
 * A model built with keywords it does not accept — typically `Model(**schema.model_dump())`
 * where the request schema names a field differently → map each unknown field to the model's
 * closest field, or drop it.
 */
export const pythonModelKwargs: Recipe = {
  id: 'python.model-kwargs',
  language: 'python',
  summary: "map or drop keyword arguments a model's constructor does not accept",
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
      ? renameKeyword(source, call, parsed.keyword, closestName(parsed.keyword, accepted.filter((a) => !call.keywords.includes(a))))
      : await remapExpansion(context, source, call, fn.annotations, accepted, parsed.keyword);
    if (!updated || updated.source === source) return null;
    await tree.write(culprit.file, updated.source);
    return {
      summary: `${updated.summary} in the ${parsed.callee}(...) call at ${culprit.file}:${call.line}`,
      template: { recipe: 'python.model-kwargs', callee: parsed.callee, mapping: updated.mapping },
    };
  },
};

function parseMessage(message: string): { callee: string; keyword: string } | null {
  const sqlalchemy = MESSAGES[0]!.exec(message);
  if (sqlalchemy) return { callee: sqlalchemy[2]!, keyword: sqlalchemy[1]! };
  const python = MESSAGES[1]!.exec(message);
  if (python) return { callee: python[2] === '__init__' && python[1] ? python[1] : python[2]!, keyword: python[3]! };
  return null;
}

// A class: its explicit __init__ parameters, else its declared fields (SQLAlchemy columns,
// dataclass and pydantic fields); a function: its parameters.
async function acceptedKeywords({ python }: RecipeContext, callee: string): Promise<string[]> {
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

function renameKeyword(source: string, call: CallSummary, keyword: string, replacement: string | undefined) {
  if (!replacement) return null;
  const { lines, join } = splitSource(source);
  for (let i = call.line - 1; i < call.endLine; i++) {
    const next = lines[i]!.replace(new RegExp(`\\b${keyword}(\\s*=)`), `${replacement}$1`);
    if (next !== lines[i]) {
      lines[i] = next;
      return { source: join(lines), summary: `rename keyword ${keyword}= to ${replacement}=`, mapping: { [keyword]: replacement } };
    }
  }
  return null;
}

// `**payload.model_dump()` (or `.dict()`, or a plain mapping): every field of the schema the
// model does not accept is mapped to the closest model field not set otherwise, or dropped.
async function remapExpansion(
  { python }: RecipeContext,
  source: string,
  call: CallSummary,
  annotations: Record<string, string | null>,
  accepted: readonly string[],
  keyword: string,
) {
  const expansion = call.starKwargs.find((e): e is string => e !== null);
  if (!expansion) return null;
  const dumped = /^(\w+)\.(model_dump|dict)\((.*)\)$/.exec(expansion);
  if (dumped && /\bexclude\s*=/.test(dumped[3]!)) return null;
  let unknown = [keyword];
  // Model fields the expansion already sets: mapping a field onto one would pass it twice.
  let provided: string[] = [];
  if (dumped) {
    const schema = (annotations[dumped[1]!] ?? (await schemaDeclaring(python, keyword, call.name)))?.replace(/^.*\./, '');
    const fields = schema ? (await python.classMembers(schema)).filter((f) => !f.startsWith('_') && f !== 'model_config') : [];
    const extra = fields.filter((f) => !accepted.includes(f));
    if (extra.includes(keyword)) unknown = extra;
    provided = fields.filter((f) => accepted.includes(f));
  }
  const mapping: Record<string, string | null> = {};
  const taken = new Set([...call.keywords, ...provided]);
  for (const field of unknown) {
    const target = closestFieldName(field, accepted.filter((a) => !taken.has(a) && !unknown.includes(a)));
    mapping[field] = target ?? null;
    if (target) taken.add(target);
  }
  const excluded = `{${unknown.map((f) => JSON.stringify(f)).join(', ')}}`;
  const base = dumped ? dumped[1]! : expansion;
  const mapped = Object.entries(mapping)
    .filter(([, target]) => target)
    .map(([field, target]) => (dumped ? `${target}=${base}.${field}` : `${target}=${base}[${JSON.stringify(field)}]`));
  const replacementExpansion = dumped
    ? `${base}.${dumped[2]}(${dumped[3] ? `${dumped[3]}, ` : ''}exclude=${excluded})`
    : `{key: value for key, value in ${base}.items() if key not in ${excluded}}`;
  const { lines, join } = splitSource(source);
  for (let i = call.line - 1; i < call.endLine; i++) {
    const at = lines[i]!.indexOf(`**${expansion}`);
    if (at < 0) continue;
    lines[i] = `${lines[i]!.slice(0, at)}**${replacementExpansion}${mapped.map((m) => `, ${m}`).join('')}${lines[i]!.slice(at + 2 + expansion.length)}`;
    const described = Object.entries(mapping).map(([f, t]) => (t ? `${f}→${t}` : `drop ${f}`));
    return { source: join(lines), summary: `map schema fields to the model (${described.join(', ')})`, mapping };
  }
  return null;
}

// An unannotated parameter (`def add(self, payload)`): the one project class, other than the
// model, that declares the offending field is taken as the schema being dumped.
async function schemaDeclaring(python: RecipeContext['python'], field: string, model: string): Promise<string | undefined> {
  const owners = new Set<string>();
  for (const module of (await python.modules()).values()) {
    for (const cls of module.classes) if (cls.name !== model && cls.attributes.includes(field)) owners.add(cls.name);
  }
  return owners.size === 1 ? [...owners][0] : undefined;
}
