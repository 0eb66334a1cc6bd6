import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// A driver or validator refusing a method object as a value: sqlite3's `Error binding parameter 2:
// type 'builtin_function_or_method' is not supported`, psycopg's `can't adapt type 'method'`,
// pydantic's `input_value=<built-in method lower of str object at 0x…>`, SQLAlchemy's `Method <bound method
// OrderingOperators.desc of <…InstrumentedAttribute …>> may not be passed as a SQL expression`.
const METHOD_VALUE =
  /\btype '(?:builtin_function_or_method|method)'|<built-in method (\w+) of|<bound method [\w.]+\.(\w+) of/;

// Methods that take no argument and return a value: referencing one without calling it is a
// slip (`email.strip().lower`), never a callback a column or a field could hold.
const NO_ARGUMENT_METHODS = new Set([
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'title',
  'casefold',
  'capitalize',
  'swapcase',
  'isoformat',
  'timestamp',
  'date',
  'time',
  'keys',
  'values',
  'items',
  'copy',
  'first',
  'all',
  'one',
  'one_or_none',
  'scalar',
  'scalar_one',
  'scalar_one_or_none',
  'model_dump',
  // A column's ordering (`order_by(Model.created_at.desc)`): SQLAlchemy refuses the method object.
  'asc',
  'desc',
]);

/**
 * A method referenced instead of called (`email = data.email.strip().lower`) reaches the database
 * or a validator as a method object, which refuses it (`type 'builtin_function_or_method' is not
 * supported`) → the call is added, `.lower()`. Sites are looked for on the request's path through
 * the app (the trace's in-app frames, innermost first): a value-returning method of no argument,
 * on an instance (not `str.lower` handed over as a key function), ending the expression. When the
 * message names the method, only that name is looked for. A bound method (`<bound method …desc of
 * <…InstrumentedAttribute…>>`) is an instance's: an attribute of a class (`Model.created_at.desc`,
 * a mapped column) is such an instance, so `order_by(Model.created_at.desc)` gets `.desc()`; a
 * bare class (`str.lower`) never. One candidate per site.
 */
export const pythonMethodNotCalled: RepairTemplate = {
  id: 'python.method-not-called',
  language: 'python',
  summary: 'call a method that was referenced instead of called',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates(context) {
    const found = METHOD_VALUE.exec(context.exception?.message ?? '');
    if (!found) return;
    const named = found[1] ?? found[2];
    // A bound method's receiver is an instance, even when reached through a class (`Model.column.desc`).
    const bound = found[2] !== undefined;
    const sites: { file: string; line: number; end: number; name: string }[] = [];
    for (const { file, fn } of await requestFrames(context)) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const { lines } = splitSource(source);
      for (let i = fn.bodyLine - 1; i < Math.min(fn.endLine, lines.length); i++) {
        const text = lines[i]!;
        const code = maskStrings(text).slice(0, codeEnd(text));
        for (const m of code.matchAll(
          new RegExp(
            String.raw`(?<![\w.])([A-Za-z_][\w.]*(?:\([^()]*\))?(?:\.[A-Za-z_]\w*(?:\([^()]*\))?)*)\.` +
              String.raw`([a-z_]+)(?=\s*(?:$|[,)\]}]))`,
            'g',
          ),
        )) {
          const [whole, receiver, name] = m;
          if (!NO_ARGUMENT_METHODS.has(name!) || (named && name !== named)) continue;
          if (
            /^(?:[A-Z]\w*|str|bytes|dict|list|date|datetime)$/.test(receiver!.split('.')[0]!) &&
            !receiver!.includes('(') &&
            !(bound && receiver!.includes('.'))
          )
            continue;
          if (/\b(?:key|default_factory|callback)\s*=\s*$/.test(code.slice(0, m.index))) continue;
          sites.push({ file, line: i + 1, end: m.index + whole!.length, name: name! });
        }
      }
      if (sites.length > 0) break;
    }
    for (const site of sites) {
      const current = await context.tree.read(site.file);
      if (current === null) return;
      const { lines, join } = splitSource(current);
      const line = lines[site.line - 1]!;
      lines[site.line - 1] = `${line.slice(0, site.end)}()${line.slice(site.end)}`;
      await context.tree.write(site.file, join(lines));
      yield {
        key: 'python.method-not-called#call',
        summary: `call .${site.name}() where it was referenced at ${site.file}:${site.line}`,
        template: { recipe: 'python.method-not-called#call', method: site.name },
      };
    }
  },
};
