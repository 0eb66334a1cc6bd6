import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { admitsNull, objectShape, successSchema, typesOf } from './contract-schema.js';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { statementEnd } from './expression-text.js';

// SQLAlchemy's declarative constructor refusing a keyword its model has no column for.
const INVALID = /^'(\w+)' is an invalid keyword argument for (\w+)/;
// The pydantic annotation's type → the SQLAlchemy column type (`String` takes the field's max_length).
const TYPES: Readonly<Record<string, string>> = {
  str: 'String',
  int: 'Integer',
  float: 'Float',
  bool: 'Boolean',
  date: 'Date',
  datetime: 'DateTime',
  Decimal: 'Numeric',
};

/**
 * A request schema's optional field passed whole into a model (`Period(**payload.model_dump())`)
 * that the model has no column for (`'notes' is an invalid keyword argument for Period`), where
 * the operation's documented response returns that field too (the API stores it and reads it
 * back) → the column, nullable, typed as the field (`notes: Mapped[str | None] =
 * mapped_column(String(500), nullable=True)` for `notes: str | None = Field(max_length=500)`).
 * python.model-kwargs maps a field to a close column first; this only runs when none is close.
 * The field is read from the request schema the culprit line passes whole, else (a generic CRUD
 * base's `self.model(**data)`) from the operation's documented request body.
 * Only where tables come from the models (`metadata.create_all`) and no migration tool is set up
 * (a column added to the model alone would not reach the database); a required field, a field
 * the response does not document, or an unknown type: no candidate. Request data is never dropped.
 */
export const pythonModelMissingColumn: RepairTemplate = {
  id: 'python.model-missing-column',
  language: 'python',
  summary: 'add the nullable column an optional request field stored and returned by the API needs',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['TypeError'],
    culprit: true,
    contract: true,
  },
  async *candidates({ exception, culprit, tree, python, operation }) {
    const invalid = exception ? INVALID.exec(exception.message.trim()) : null;
    if (!invalid || !culprit) return;
    const [, field, model] = invalid as unknown as [string, string, string];
    const response = objectShape(successSchema(operation));
    if (!response || !(field in response.properties)) return;
    const files = await tree.list();
    if (files.some((f) => /(^|\/)(alembic\.ini|alembic\/env\.py|migrations\/env\.py)$/.test(f))) return;
    const sources = new Map<string, string>();
    for (const f of files.filter((f) => f.endsWith('.py'))) sources.set(f, (await tree.read(f)) ?? '');
    if (![...sources.values()].some((s) => /\bmetadata\.create_all\(/.test(s))) return;
    // A generic CRUD base (`self.model(**obj_in.model_dump())`, `obj_in: CreateSchemaType`) names no
    // schema: the operation's documented request body declares the field then.
    const declared = (await requestField(culprit, sources, python, field)) ?? documentedField(operation, field);
    const sqlType = declared ? TYPES[declared.type] : undefined;
    const found = await python.classNamed(model);
    if (!declared || !declared.optional || !sqlType || !found) return;
    const source = sources.get(found.file) ?? (await tree.read(found.file));
    const module = (await python.modules()).get(found.file);
    if (!source || !module) return;
    const { lines, join } = splitSource(source);
    const body = lines.slice(found.cls.line, found.cls.endLine);
    const columns = body
      .map((l, i) => ({ l, at: found.cls.line + i + 1 }))
      .filter(({ l }) => /^\s+\w+\s*(?::[^=]+)?=\s*(?:mapped_column|Column)\(/.test(l));
    if (columns.length === 0 || body.some((l) => new RegExp(`^\\s+${field}\\s*[:=]`).test(l))) return;
    const last = columns.at(-1)!;
    const indent = /^\s*/.exec(last.l)![0];
    const typed = sqlType === 'String' ? (declared.maxLength ? `String(${declared.maxLength})` : 'Text') : sqlType;
    const typeName = typed.replace(/\(.*$/, '');
    const mapped = columns.some(({ l }) => /:\s*Mapped\[/.test(l));
    const annotation = declared.type === 'Decimal' ? 'Decimal' : declared.type;
    const line = mapped
      ? `${indent}${field}: Mapped[${annotation} | None] = mapped_column(${typed}, nullable=True)`
      : `${indent}${field} = Column(${typed}, nullable=True)`;
    lines.splice(statementEnd(lines, last.at), 0, line);
    const bound = (name: string) => module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name));
    if (mapped && !['str', 'int', 'float', 'bool'].includes(annotation) && !bound(annotation)) return;
    let edited = join(lines);
    if (!bound(typeName)) edited = addFromImport(edited, module, 'sqlalchemy', typeName);
    await tree.write(found.file, edited);
    yield {
      key: 'python.model-missing-column#nullable',
      summary:
        `add the nullable column ${model}.${field} (${typed}) the request stores and the response returns ` +
        `(${found.file})`,
      template: { recipe: 'python.model-missing-column#nullable', model, field },
    };
  },
};

// The field as the request schema passed whole on the culprit line declares it (`**payload.model_dump()`
// with `payload: PeriodCreate`): its type, whether it may be left out, its max_length.
async function requestField(
  culprit: { file: string; line: number },
  sources: ReadonlyMap<string, string>,
  python: Parameters<RepairTemplate['candidates']>[0]['python'],
  field: string,
): Promise<{ type: string; optional: boolean; maxLength: string | null } | null> {
  const text = splitSource(sources.get(culprit.file) ?? '').lines[culprit.line - 1] ?? '';
  const passed = /\*\*\s*(\w+)\.(?:model_dump|dict)\(\s*\)/.exec(text)?.[1];
  const fn = passed ? await python.functionAt(culprit.file, culprit.line) : undefined;
  const schema = fn?.annotations[passed!]?.replace(/^.*\./, '');
  const found = schema ? await python.classNamed(schema) : undefined;
  if (!found) return null;
  const body = splitSource(sources.get(found.file) ?? '').lines.slice(found.cls.line, found.cls.endLine);
  for (const l of body) {
    const m = new RegExp(`^\\s+${field}\\s*:\\s*([^=]+?)\\s*(?:=\\s*(.*))?$`).exec(l);
    if (!m) continue;
    const annotation = m[1]!;
    const nullable = /\|\s*None\b|\bNone\s*\||Optional\[/.test(annotation);
    const type = annotation.replace(/\s*\|\s*None|None\s*\|\s*|Optional\[|\]/g, '').trim();
    const defaulted =
      m[2] !== undefined &&
      !/^Field\(\s*(?:\.\.\.|\))/.test(m[2]) &&
      (!/^Field\(/.test(m[2]) || /\bdefault(?:_factory)?\s*=|^Field\(\s*None\b/.test(m[2]));
    return {
      type,
      optional: nullable && defaulted,
      maxLength: /\bmax_length\s*=\s*(\d+)/.exec(m[2] ?? '')?.[1] ?? null,
    };
  }
  return null;
}

// The JSON type (and format) of a documented property → the Python annotation pydantic gave it.
const ANNOTATIONS: Readonly<Record<string, string>> = {
  string: 'str',
  'string/date': 'date',
  'string/date-time': 'datetime',
  integer: 'int',
  number: 'float',
  boolean: 'bool',
};

// The field as the operation's request body documents it: optional only when not required and nullable.
function documentedField(
  operation: ApiOperation | null,
  field: string,
): { type: string; optional: boolean; maxLength: string | null } | null {
  const body = objectShape(operation?.requestBody?.schema);
  const property = body?.properties[field];
  if (!body || !property) return null;
  const members = [
    property,
    ...(['anyOf', 'oneOf'] as const).flatMap((k) =>
      Array.isArray(property[k]) ? (property[k] as Record<string, unknown>[]) : [],
    ),
  ];
  const typed = members.filter((m) => typeof m['type'] === 'string' && m['type'] !== 'null');
  const types = new Set(typesOf(property).filter((t) => t !== 'null'));
  if (typed.length !== 1 || types.size !== 1) return null;
  const format = typeof typed[0]!['format'] === 'string' ? `/${typed[0]!['format']}` : '';
  const type = ANNOTATIONS[`${typed[0]!['type']}${format}`] ?? ANNOTATIONS[typed[0]!['type'] as string];
  const maxLength = typed[0]!['maxLength'];
  return type
    ? {
        type,
        optional: !body.required.includes(field) && admitsNull(property),
        maxLength: typeof maxLength === 'number' ? String(maxLength) : null,
      }
    : null;
}
