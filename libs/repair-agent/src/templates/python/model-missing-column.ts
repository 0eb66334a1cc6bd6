import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape, successSchema } from './contract-schema.js';
import { statementEnd } from './expression-text.js';

// SQLAlchemy's declarative constructor refusing a keyword its model has no column for.
const INVALID = /^'(\w+)' is an invalid keyword argument for (\w+)/;
// The pydantic annotation's type → the SQLAlchemy column type (`String` takes the field's max_length).
const TYPES: Readonly<Record<string, string>> = { str: 'String', int: 'Integer', float: 'Float', bool: 'Boolean', date: 'Date', datetime: 'DateTime', Decimal: 'Numeric' };

/**
 * A request schema's optional field passed whole into a model (`Period(**payload.model_dump())`)
 * that the model has no column for (`'notes' is an invalid keyword argument for Period`), where
 * the operation's documented response returns that field too (the API stores it and reads it
 * back) → the column, nullable, typed as the field (`notes: Mapped[str | None] =
 * mapped_column(String(500), nullable=True)` for `notes: str | None = Field(max_length=500)`).
 * python.model-kwargs maps a field to a close column first; this only runs when none is close.
 * Only where tables come from the models (`metadata.create_all`) and no migration tool is set up
 * (a column added to the model alone would not reach the database); a required field, a field
 * the response does not document, or an unknown type: no candidate. Request data is never dropped.
 */
export const pythonModelMissingColumn: RepairTemplate = {
  id: 'python.model-missing-column',
  language: 'python',
  summary: 'add the nullable column an optional request field stored and returned by the API needs',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true, contract: true },
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
    const declared = await requestField(culprit, sources, python, field);
    const sqlType = declared ? TYPES[declared.type] : undefined;
    const found = await python.classNamed(model);
    if (!declared || !declared.optional || !sqlType || !found) return;
    const source = sources.get(found.file) ?? (await tree.read(found.file));
    const module = (await python.modules()).get(found.file);
    if (!source || !module) return;
    const { lines, join } = splitSource(source);
    const body = lines.slice(found.cls.line, found.cls.endLine);
    const columns = body.map((l, i) => ({ l, at: found.cls.line + i + 1 })).filter(({ l }) => /^\s+\w+\s*(?::[^=]+)?=\s*(?:mapped_column|Column)\(/.test(l));
    if (columns.length === 0 || body.some((l) => new RegExp(`^\\s+${field}\\s*[:=]`).test(l))) return;
    const last = columns.at(-1)!;
    const indent = /^\s*/.exec(last.l)![0];
    const typed = sqlType === 'String' ? (declared.maxLength ? `String(${declared.maxLength})` : 'Text') : sqlType;
    const typeName = typed.replace(/\(.*$/, '');
    const mapped = columns.some(({ l }) => /:\s*Mapped\[/.test(l));
    const annotation = declared.type === 'Decimal' ? 'Decimal' : declared.type;
    const line = mapped ? `${indent}${field}: Mapped[${annotation} | None] = mapped_column(${typed}, nullable=True)` : `${indent}${field} = Column(${typed}, nullable=True)`;
    lines.splice(statementEnd(lines, last.at), 0, line);
    const bound = (name: string) => module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name));
    if (mapped && !['str', 'int', 'float', 'bool'].includes(annotation) && !bound(annotation)) return;
    let edited = join(lines);
    if (!bound(typeName)) edited = addFromImport(edited, module, 'sqlalchemy', typeName);
    await tree.write(found.file, edited);
    yield {
      key: 'python.model-missing-column#nullable',
      summary: `add the nullable column ${model}.${field} (${typed}) the request stores and the response returns (${found.file})`,
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
    const defaulted = m[2] !== undefined && !/^Field\(\s*(?:\.\.\.|\))/.test(m[2]) && (!/^Field\(/.test(m[2]) || /\bdefault(?:_factory)?\s*=|^Field\(\s*None\b/.test(m[2]));
    return { type, optional: nullable && defaulted, maxLength: /\bmax_length\s*=\s*(\d+)/.exec(m[2] ?? '')?.[1] ?? null };
  }
  return null;
}
