import { byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { CallSummary, FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { objectShape } from './contract-schema.js';
import { maskStrings } from './expression-text.js';
import { DUMPS, FILTERS, sqlUpdatedDump } from './sql-update-dump.js';
import { requestFrames } from './trace-frames.js';

const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError', 'sqlite3.IntegrityError'];

/**
 * An update copies the whole request model onto an existing row (`for k, v in payload.model_dump()
 * .items(): setattr(row, k, v)`, directly, through a local, or in a function it hands the dump to:
 * `repo.update(row, payload.model_dump())`), or builds a raw SQL UPDATE from it (sqlite3, no ORM:
 * see sqlUpdatedDump), so every field the client left out
 * is written as None and the commit fails with `IntegrityError: NOT NULL constraint failed:
 * t.name` (Postgres: `null value in column "name"`) → dump with `exclude_unset=True`: a partial
 * update changes what was sent. Only when the row is not built in the same function (a create's
 * defaults are the model's business), the dump has no filter yet, and — when the operation is
 * documented — the column is an optional property of its request body (a required one the client
 * had to send, so its None came from elsewhere). Otherwise no candidate.
 */
export const pythonPartialUpdate: RepairTemplate = {
  id: 'python.partial-update',
  language: 'python',
  summary: 'copy only the fields the client sent onto the row a partial update changes',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const { exception, operation, tree } = context;
    const message = exception?.message ?? '';
    const column =
      /NOT NULL constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /null value in column "(\w+)"/.exec(message)?.[1];
    if (!column) return;
    const body = objectShape(operation?.requestBody?.schema);
    if (operation && (!body || !(column in body.properties) || body.required.includes(column))) return;
    for (const { file, fn } of await requestFrames(context)) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      // The dump is copied here, or handed to a project function that copies its parameter.
      const dump = copiedDump(lines, fn) ?? sqlUpdatedDump(lines, fn) ?? (await handedDump(context, lines, fn));
      if (!dump) continue;
      if (!withExcludeUnset(lines, dump)) continue;
      await tree.write(file, join(lines));
      yield {
        key: 'python.partial-update#exclude-unset',
        summary:
          `write only the fields the request sets (${dump.text}(exclude_unset=True)) at ${file}:${dump.line}, ` +
          `not None over ${column}`,
        template: { recipe: 'python.partial-update#exclude-unset' },
      };
      return;
    }
  },
};

/** The unfiltered one-line dump whose items a `for` loop copies onto an existing object with `setattr`. */
export function copiedDump(lines: readonly string[], fn: FunctionSummary): CallSummary | null {
  for (const call of fn.calls) {
    if (!DUMPS.includes(call.name) || call.line !== call.endLine || !call.text?.includes('.')) continue;
    if (call.keywords.some((k) => FILTERS.includes(k)) || call.starKwargs.length > 0) continue;
    const at = maskStrings(lines[call.line - 1] ?? '');
    const dumped = /^\s*(\w+)\s*=\s*[\w.]+\([^()]*\)\s*$/.exec(at);
    const items = dumped ? `${dumped[1]}\\.items\\(\\)` : '[\\w.]+\\([^()]*\\)\\.items\\(\\)';
    const loop = new RegExp(`^\\s*for\\s+(\\w+)\\s*,\\s*(\\w+)\\s+in\\s+${items}\\s*:`);
    for (let i = call.line - 1; i < fn.endLine; i++) {
      const header = loop.exec(lines[i] ?? '');
      if (!header || (!dumped && i !== call.line - 1)) continue;
      const target = setattrTarget(lines, i, fn.endLine, header[1]!, header[2]!);
      if (target && !builtHere(lines, fn, target)) return call;
    }
  }
  return null;
}

/**
 * Whether `fn` copies the items of one of its parameters onto an existing object
 * (`for k, v in data.items(): setattr(row, k, v)`).
 */
function copiesParameter(lines: readonly string[], fn: FunctionSummary): boolean {
  const loop = /^\s*for\s+(\w+)\s*,\s*(\w+)\s+in\s+(\w+)\.items\(\)\s*:/;
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const header = loop.exec(lines[i] ?? '');
    if (!header || !fn.params.includes(header[3]!)) continue;
    const target = setattrTarget(lines, i, fn.endLine, header[1]!, header[2]!);
    if (target && !builtHere(lines, fn, target)) return true;
  }
  return false;
}

/** The one unfiltered dump a call of `fn` passes (inline or through a local) to a project function that copies it. */
async function handedDump(
  { python, tree }: TemplateContext,
  lines: readonly string[],
  fn: FunctionSummary,
): Promise<CallSummary | null> {
  const dumps = fn.calls.filter(
    (d) => DUMPS.includes(d.name) && d.line === d.endLine && d.text?.includes('.') && d.starKwargs.length === 0,
  );
  for (const call of fn.calls) {
    if (DUMPS.includes(call.name)) continue;
    const passed = lines.slice(call.line - 1, call.endLine).join('\n');
    const handed = dumps.filter((d) => {
      if (d.line >= call.line && d.line <= call.endLine) return true;
      const local = /^\s*(\w+)\s*=\s*[\w.]+\([^()]*\)\s*$/.exec(maskStrings(lines[d.line - 1] ?? ''))?.[1];
      return !!local && d.line < call.line && new RegExp(`[(,]\\s*(?:\\w+\\s*=\\s*)?${local}\\s*[,)]`).test(passed);
    });
    if (handed.length !== 1 || handed[0]!.keywords.some((k) => FILTERS.includes(k))) continue;
    for (const [file, module] of await python.modules()) {
      const callees = module.functions.filter((f) => f.name === call.name && f !== fn);
      if (callees.length === 0) continue;
      const text = splitSource((await tree.read(file)) ?? '').lines;
      if (callees.some((callee) => copiesParameter(text, callee))) return handed[0]!;
    }
  }
  return null;
}

/** The object the loop body sets (`setattr(row, key, value)`), or null. */
function setattrTarget(lines: readonly string[], loop: number, end: number, key: string, value: string): string | null {
  const indent = /^\s*/.exec(lines[loop]!)![0].length;
  for (let i = loop + 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (/^\s*/.exec(line)![0].length <= indent) return null;
    const set = new RegExp(`^\\s*setattr\\(\\s*([\\w.]+)\\s*,\\s*${key}\\s*,\\s*${value}\\s*\\)`).exec(line);
    if (set) return set[1]!;
  }
  return null;
}

/** Whether the function constructs the object itself (`row = Model(...)`): then it is a create. */
function builtHere(lines: readonly string[], fn: FunctionSummary, target: string): boolean {
  const name = target.replace(/^self\./, '');
  const built = new RegExp(`^\\s*(?:self\\.)?${name}\\s*(?::[^=]+)?=\\s*(?:[A-Z]\\w*|self\\.model|cls)\\(`);
  return lines.slice(fn.bodyLine - 1, fn.endLine).some((l) => built.test(l));
}

/** Adds `exclude_unset=True` to the dump's call in `lines`; false when its parentheses are not where expected. */
export function withExcludeUnset(lines: string[], dump: CallSummary): boolean {
  const text = lines[dump.endLine - 1]!;
  const close = byteColumnToIndex(text, dump.endCol) - 1;
  const open = text.lastIndexOf('(', close);
  if (text[close] !== ')' || open < 0) return false;
  const empty = text.slice(open + 1, close).trim() === '';
  lines[dump.endLine - 1] =
    text.slice(0, close) + (empty ? 'exclude_unset=True' : ', exclude_unset=True') + text.slice(close);
  return true;
}
