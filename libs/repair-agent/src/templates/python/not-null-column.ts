import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { isMomentType, modelColumns } from './model-columns.js';
import { projectMomentDefault } from './moment-default.js';
import { creationNow } from './now-helper.js';
import { createCall } from './create-helper-call.js';
import { misassignedAttribute } from './misassigned-attribute.js';
import { requestFrames } from './trace-frames.js';

const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError', 'TypeError'];

/**
 * A row is created without a required column (`IntegrityError: NOT NULL constraint failed:
 * tasks.priority`, Postgres' `null value in column "priority" of relation "tasks"`, or a model
 * `__init__() missing 1 required … argument: 'priority'`) → in the model's constructor call on
 * the request's path, set the column from the request field that names it (`priority=
 * payload.priority_level`: the same word mapping as the model-kwargs recipe), or from a parameter
 * of that name. A date/datetime column no request field names (`placed_at`) is set from the
 * "now" the function computed and already passes to the same call (`expires_at=now + …`): the moment
 * of the create is what the code means; failing that, the model's column gets the default every
 * other moment column of the project's models has (`default=datetime.utcnow`), when they agree; failing
 * that, a column named for the row's creation or its request (`created_at`, `requested_at`) the
 * moment of the create as the project writes "now" (now-helper.ts). A local the function
 * computes before the call and then never uses, named like the column (`fee = …` for `fee_cents`), is the value it
 * forgot to pass.
 * A column every other `Model(...)` call of the project (a seed, another create) sets to one
 * literal (`status="scheduled"`) takes it, when the code moves rows on to other values later
 * (`x.status = "completed"`) and never to that one (a transition's target is not a start).
 * A row given an attribute its model has no column for (`delivery.net_weight = net`), sharing a word
 * with the missing column (`net_kg`): that line meant the column (`#assigned-attribute`).
 * Otherwise no candidate: a value is never made up.
 */
export const pythonNotNullColumn: RepairTemplate = {
  id: 'python.not-null-column',
  language: 'python',
  summary: 'set a required column the create never sets, from the request field that names it',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const { tree, python } = context;
    const missing = await missingColumns(context);
    if (!missing) return;
    for (const { file, fn } of await requestFrames(context)) {
      const stray =
        missing.columns.length === 1
          ? await misassignedAttribute(python, tree, missing.model, missing.columns[0]!, file, fn)
          : null;
      if (stray) {
        const { lines, join } = splitSource((await tree.read(file)) ?? '');
        const text = lines[stray.line - 1]!;
        lines[stray.line - 1] = text.replace(`.${stray.attribute}`, `.${missing.columns[0]!}`);
        await tree.write(file, join(lines));
        yield {
          key: 'python.not-null-column#assigned-attribute',
          summary:
            `set ${missing.model}.${missing.columns[0]!}, not the ${stray.attribute} attribute it has no column for, ` +
            `at ${file}:${stray.line}`,
          template: {
            recipe: 'python.not-null-column#assigned-attribute',
            model: missing.model,
            columns: missing.columns,
          },
        };
        return;
      }
      const source = await tree.read(file);
      if (source === null) return;
      const call = await createCall(python, tree, fn, missing.model, source);
      if (!call || missing.columns.some((c) => call.keywords.includes(c))) continue;
      const values: string[] = [];
      let variant = 'request-field';
      let withImport = (text: string) => text;
      for (const column of missing.columns) {
        let value = await sourceOf(python, fn, column);
        if (!value) {
          value = unusedLocal(source, fn, call, column);
          if (value) variant = 'unused-local';
        }
        if (!value) {
          value = await intendedMoment(context, missing.model, column, source, fn, call);
          variant = 'moment-local';
        }
        if (!value) {
          value = await siblingLiteral(context, missing.model, column);
          if (value) variant = 'sibling-literal';
        }
        const defaulted =
          !value && missing.columns.length === 1
            ? await projectMomentDefault(python, tree, missing.model, column)
            : null;
        if (!value && !defaulted) {
          const type = (await modelColumns(python, tree, missing.model)).find((c) => c.name === column)?.type ?? null;
          const now = isMomentType(type)
            ? await creationNow(python, tree, column, type === 'date' || type === 'Date', file)
            : null;
          if (now) {
            value = now.call;
            withImport = now.withImport;
            variant = 'creation-now';
          }
        }
        if (defaulted) {
          await tree.write(defaulted.file, defaulted.source);
          yield {
            key: 'python.not-null-column#model-default',
            summary:
              `give ${missing.model}.${column} the project's default moment, as its other moment columns ` +
              `have (${defaulted.file})`,
            template: {
              recipe: 'python.not-null-column#model-default',
              model: missing.model,
              columns: missing.columns,
            },
          };
          return;
        }
        if (!value) return;
        values.push(`${column}=${value}`);
      }
      const { lines, join } = splitSource(source);
      const i = call.endLine - 1;
      const close = byteColumnToIndex(lines[i]!, call.endCol) - 1;
      if (lines[i]![close] !== ')') return;
      const before = lines[i]!.slice(0, close).replace(/\s*$/, '');
      if (before.trim() === '' && i > call.line - 1) {
        // `)` on its own line: one keyword per line, like the arguments above it.
        if (!/[,(]\s*$/.test(lines[i - 1]!)) lines[i - 1] = `${lines[i - 1]!.replace(/\s*$/, '')},`;
        lines.splice(i, 0, ...values.map((v) => `${/^\s*/.exec(lines[i - 1]!)![0]}${v},`));
      } else {
        const separator = before.endsWith('(') ? '' : before.endsWith(',') ? ' ' : ', ';
        lines[i] = `${before}${separator}${values.join(', ')}${lines[i]!.slice(close)}`;
      }
      await tree.write(file, withImport(join(lines)));
      yield {
        key: `python.not-null-column#${variant}`,
        summary: `set ${values.join(', ')} in the ${missing.model}(...) call at ${file}:${call.line}`,
        template: { recipe: `python.not-null-column#${variant}`, model: missing.model, columns: missing.columns },
      };
      return;
    }
  },
};

/** The model class and the columns it was created without, from the exception message. */
export async function missingColumns({
  exception,
  python,
  tree,
}: TemplateContext): Promise<{ model: string; columns: string[] } | null> {
  const message = exception?.message ?? '';
  const init =
    /(?:^|\s)(?:(\w+)\.)?__init__\(\) missing \d+ required (?:positional|keyword-only) arguments?: (.+)$/.exec(message);
  if (init?.[1]) return { model: init[1], columns: [...init[2]!.matchAll(/'(\w+)'/g)].map((m) => m[1]!) };
  const column =
    /NOT NULL constraint failed: (\w+)\.(\w+)/.exec(message) ??
    /null value in column "(\w+)" of relation "(\w+)"/.exec(message);
  if (!column) return null;
  const [table, name] = message.includes('NOT NULL') ? [column[1]!, column[2]!] : [column[2]!, column[1]!];
  for (const [file, module] of await python.modules()) {
    const text = splitSource((await tree.read(file)) ?? '').lines;
    for (const cls of module.classes) {
      const body = text.slice(cls.line - 1, cls.endLine).join('\n');
      if (new RegExp(`__tablename__\\s*(?::[^=]+)?=\\s*["']${table}["']`).test(body))
        return { model: cls.name, columns: [name] };
    }
  }
  return null;
}

// `payload.priority_level` for column `priority`: a field of a request schema parameter of the
// function that is the column or names it; or a parameter of the column's own name.
async function sourceOf(python: PythonProject, fn: FunctionSummary, column: string): Promise<string | null> {
  if (fn.params.includes(column)) return column;
  const found: string[] = [];
  for (const param of fn.params) {
    const annotation = fn.annotations[param]?.replace(/^.*\./, '').replace(/\s*\|\s*None$/, '');
    const cls = annotation ? await python.classNamed(annotation) : undefined;
    if (!cls) continue;
    const fields = (await python.classMembers(cls.cls.name)).filter(
      (f) => !f.startsWith('_') && f !== 'model_config' && !cls.cls.methods.includes(f),
    );
    const field = fields.includes(column) ? column : closestFieldName(column, fields);
    if (field) found.push(`${param}.${field}`);
  }
  return found.length === 1 ? found[0]! : null;
}

// `placed_at=now`: a local of the function bound to the current moment of the column's kind
// (`datetime.utcnow()`, `datetime.now(...)` for a datetime, `date.today()` for a date) that the
// constructor call already uses for another argument; exactly one such local, or none.
async function intendedMoment(
  { python, tree }: TemplateContext,
  model: string,
  column: string,
  source: string,
  fn: FunctionSummary,
  call: FunctionSummary['calls'][number],
): Promise<string | null> {
  const type = (await modelColumns(python, tree, model)).find((c) => c.name === column)?.type ?? null;
  if (!isMomentType(type)) return null;
  const wantDate = type === 'date' || type === 'Date';
  const { lines } = splitSource(source);
  const body = lines.slice(fn.bodyLine - 1, call.line - 1);
  const callText = lines.slice(call.line - 1, call.endLine).join('\n');
  const locals = new Set<string>();
  for (const text of body) {
    const bound = /^\s*(\w+)\s*=\s*(?:datetime\.)?(?:datetime\.(utcnow|now)\(|date\.(today)\()/.exec(text);
    if (!bound || (bound[3] !== undefined) !== wantDate) continue;
    if (new RegExp(`\\b${bound[1]}\\b`).test(callText)) locals.add(bound[1]!);
  }
  return locals.size === 1 ? [...locals][0]! : null;
}

// `status="scheduled"`: the one literal every other `Model(...)` call of the project (a seed, another
// create) passes for the column, when the code moves rows on elsewhere (`appointment.status =
// "completed"`: a lifecycle) and never to that value (a transition's target is not where a row
// starts). Null otherwise.
async function siblingLiteral(
  { python, tree }: TemplateContext,
  model: string,
  column: string,
): Promise<string | null> {
  const literal = new RegExp(
    `\\b${column}\\s*=\\s*("[^"\\\\]*"|'[^'\\\\]*'|-?\\d+(?:\\.\\d+)?|True|False|[A-Z]\\w*\\.\\w+)\\s*[,)]`,
  );
  const transition = new RegExp(
    `\\.${column}\\s*=(?!=)\\s*("[^"\\\\]*"|'[^'\\\\]*'|-?\\d+(?:\\.\\d+)?|True|False|[A-Z]\\w*\\.\\w+)`,
    'g',
  );
  const values = new Set<string>();
  const moved = new Set<string>();
  for (const [file, module] of await python.modules()) {
    const source = await tree.read(file);
    if (source === null) continue;
    const { lines } = splitSource(source);
    for (const m of source.matchAll(transition)) moved.add(m[1]!);
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        if (call.name !== model || !call.keywords.includes(column)) continue;
        const found = literal.exec(lines.slice(call.line - 1, call.endLine).join(' '));
        // A value that is no literal (a variable, a call) says nothing about where rows start.
        if (!found) return null;
        values.add(found[1]!);
      }
    }
  }
  const [only] = [...values];
  // Without a transition in the code there is no lifecycle to say the seeded value is where rows start.
  return values.size === 1 && moved.size > 0 && !moved.has(only!) ? only! : null;
}

// `fee = price_of(reason)` computed before the constructor call and read nowhere after: the value
// the call forgot. Only a local whose name is the column or names it (closestFieldName), alone.
function unusedLocal(
  source: string,
  fn: FunctionSummary,
  call: FunctionSummary['calls'][number],
  column: string,
): string | null {
  const { lines } = splitSource(source);
  const unused: string[] = [];
  for (let i = fn.bodyLine - 1; i < call.line - 1; i++) {
    const name = /^\s*([a-z_]\w*)\s*(?::[^=]+)?=(?!=)/.exec(lines[i]!)?.[1];
    if (!name || unused.includes(name)) continue;
    const rest = lines.slice(i + 1, fn.endLine).join('\n');
    if (!new RegExp(`\\b${name}\\b`).test(rest)) unused.push(name);
  }
  const named = unused.includes(column) ? column : closestFieldName(column, unused);
  return named ?? null;
}
