import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';

type Call = FunctionSummary['calls'][number];

/**
 * The call in `fn` that creates a `model` row: its constructor (`Batch(...)`), or a project helper
 * handed the class (`crud.create(db, Batch, payload)`) whose `**extra` reaches the constructor
 * (`data.update(extra)`, `model(**data, **extra)`), so a keyword added to the call sets a column.
 */
export async function createCall(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  fn: FunctionSummary,
  model: string,
  source: string,
): Promise<Call | undefined> {
  const own = fn.calls.find(
    (c) => c.name === model && c.starKwargs.every((s) => s === null || keptToColumns(s, model)),
  );
  if (own) return own;
  const { lines: caller } = splitSource(source);
  const argumentsOf = (c: Call) => caller.slice(c.line - 1, c.endLine).join('\n');
  const handed = fn.calls.filter(
    (c) => c.name !== model && c.starKwargs.length === 0 && new RegExp(`[(,]\\s*${model}\\s*[,)]`).test(argumentsOf(c)),
  );
  for (const call of handed) {
    for (const [file, module] of await python.modules()) {
      for (const helper of module.functions.filter((f) => f.name === call.name)) {
        const lines = splitSource((await tree.read(file)) ?? '').lines;
        const signature = lines.slice(helper.line - 1, helper.bodyLine - 1).join('\n');
        const extra = /\*\*(\w+)/.exec(signature)?.[1];
        const body = lines.slice(helper.bodyLine - 1, helper.endLine).join('\n');
        if (extra && new RegExp(`\\.update\\(\\s*${extra}\\s*\\)|\\*\\*${extra}\\b`).test(body)) return call;
      }
    }
  }
  return undefined;
}

// `**{k: v for k, v in data.items() if hasattr(Fitting, k)}`: an expansion that keeps only the keys the
// model has, so a column it lacks comes from no request field of another name; it may be passed beside it.
function keptToColumns(expansion: string, model: string): boolean {
  return new RegExp(String.raw`^\{.*\bfor\b.*\bif\s+hasattr\(\s*${model}\s*,\s*\w+\s*\)\s*\}$`, 's').test(
    expansion.trim(),
  );
}
