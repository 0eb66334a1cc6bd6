import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { missingColumns } from './not-null-column.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.exclude-unset-create';
// `payload.model_dump(exclude_unset=True)` (pydantic 2) or `.dict(exclude_unset=True)` (pydantic 1).
const DUMP = /\b(\w+)\.(?:model_dump|dict)\(([^()]*\bexclude_unset\s*=\s*True\b[^()]*)\)/;

/**
 * A create builds its row from the request with `payload.model_dump(exclude_unset=True)` (`values =
 * …` then `Model(**values)`, or inline): the dump leaves out every field the client did not send,
 * the defaults the request schema declares for them too (`started_on: date =
 * Field(default_factory=date.today)`), so the insert fails `IntegrityError: NOT NULL constraint
 * failed: table.column` → `exclude_unset=True` goes from that dump (the schema's default is then
 * stored). `exclude_unset` is a partial update's tool; a create wants the whole validated request.
 * Evidence: the NOT NULL column's model is built from a dump of a parameter whose schema class
 * gives that column's field a default, in a function on the trace. Must not fire when the schema
 * declares the field without a default (the client must send it: dropping the option changes
 * nothing), when the dump does not reach that model's constructor, or when no dump excludes unset
 * fields. Making the column nullable or catching the error would store the row without its value.
 */
export const pythonExcludeUnsetCreate: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'build a created row from the whole request, defaults included, not only the fields sent',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['IntegrityError', 'sqlalchemy.exc.IntegrityError'],
  },
  async *candidates(context) {
    const { tree, python } = context;
    const missing = await missingColumns(context);
    if (!missing || missing.columns.length !== 1) return;
    const column = missing.columns[0]!;
    for (const { file, fn } of await requestFrames(context)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const body = lines.slice(fn.bodyLine - 1, fn.endLine);
      for (let k = 0; k < body.length; k++) {
        const dump = DUMP.exec(body[k]!);
        if (!dump || !fn.params.includes(dump[1]!)) continue;
        const schema = fn.annotations[dump[1]!]?.replace(/\s/g, '');
        if (!schema || !/^\w+$/.test(schema) || !(await defaultsField(python, tree, schema, column))) continue;
        if (!reachesModel(body, k, missing.model)) continue;
        const args = dump[2]!
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== '' && !/^exclude_unset\s*=/.test(a));
        const index = fn.bodyLine - 1 + k;
        lines[index] = lines[index]!.replace(dump[0], dump[0].replace(`(${dump[2]!})`, `(${args.join(', ')})`));
        await tree.write(file, join(lines));
        yield {
          key: ID,
          summary:
            `dump ${dump[1]!} with its defaults (no exclude_unset) for the new ${missing.model} ` +
            `at ${file}:${index + 1}: ${schema} defaults ${column}, the row needs it`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// The dump on body line `k` reaches `Model(**…)`: inline, or through the local it is assigned to.
function reachesModel(body: readonly string[], k: number, model: string): boolean {
  const line = body[k]!;
  if (new RegExp(String.raw`\b${model}\(\s*\*\*\s*\w+\.(?:model_dump|dict)\(`).test(line)) return true;
  const local = /^\s*(\w+)\s*(?::[^=]+)?=\s*\w+\.(?:model_dump|dict)\(/.exec(line)?.[1];
  if (!local) return false;
  return body.slice(k + 1).some((l) => new RegExp(String.raw`\b${model}\([^)]*\*\*\s*${local}\b`).test(l));
}

// Whether the request schema class gives `field` a default: `field: T = value`, or `Field(default=…)`,
// `Field(default_factory=…)`, `Field(value, …)`; `Field(...)` and `Field(min_length=1)` are required.
async function defaultsField(python: PythonProject, tree: SourceTree, schema: string, field: string): Promise<boolean> {
  const defs = (await python.definitionsOf(schema)).filter((d) => d.kind === 'class');
  if (defs.length !== 1) return false;
  const cls = (await python.modules()).get(defs[0]!.file)?.classes.find((c) => c.name === schema);
  if (!cls) return false;
  const text = splitSource((await tree.read(defs[0]!.file)) ?? '').lines.slice(cls.line, cls.endLine);
  const declared = text.map((l) => new RegExp(String.raw`^\s+${field}\s*:[^=]*=\s*(.+)$`).exec(l)?.[1]).find(Boolean);
  if (!declared) return false;
  const called = /^(?:\w+\.)?Field\((.*)$/.exec(declared.trim());
  if (!called) return true;
  const args = called[1]!.replace(/\)\s*(?:#.*)?$/, '').trim();
  return /\bdefault(?:_factory)?\s*=/.test(args) || (args !== '' && !/^\.\.\.|^\w+\s*=/.test(args));
}
