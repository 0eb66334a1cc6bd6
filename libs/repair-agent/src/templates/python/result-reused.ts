import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { callPath } from './call-path.js';
import { causeRoutes } from './cause-routes.js';
import { maskStrings, statementEnd } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.result-reused';
// What iterates a result to its end when handed it.
const CONSUMERS = 'sum|len|list|tuple|set|sorted|any|all|max|min|dict|enumerate|zip';
// A result's own methods that fetch its rows: after the first, nothing is left.
const FETCHES = 'all|first|one|one_or_none|scalar|scalar_one|scalar_one_or_none|fetchall|fetchone|fetchmany';

/**
 * A SQLAlchemy result bound to a name (`runs = db.scalars(select(Run)…)`, `rows = db.execute(…)`)
 * is read twice in one function (`total = sum(r.km for r in runs)`, then `count =
 * len(runs.all())`): a result is an iterator, the first read drains it and the second sees no rows
 * (a count of 0, a `ZeroDivisionError`, an empty list) → bind its rows (`….all()`) and read the
 * list (`len(runs)`). Only when the call is the whole right-hand side, the name is read at least
 * twice with no rebinding between, and its only method call is `.all()`; otherwise no candidate.
 */
export const pythonResultReused: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "bind a query result's rows, not the one-shot result, to a name a function reads twice",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure', 'schema_mismatch'] },
  async *candidates(context) {
    const done = new Set<FunctionSummary>();
    for (const { file, fn } of await sites(context)) {
      if (done.has(fn)) continue;
      done.add(fn);
      const { lines, join } = splitSource((await context.tree.read(file)) ?? '');
      const reused = reusedResult(lines, fn);
      if (!reused) continue;
      const { name, end, reads } = reused;
      const last = end - 1;
      lines[last] = lines[last]!.replace(/(\))(\s*(?:#.*)?)$/, '$1.all()$2');
      for (const k of reads) lines[k] = lines[k]!.replace(new RegExp(`\\b${name}\\.all\\(\\)`, 'g'), name);
      await context.tree.write(file, join(lines));
      yield {
        key: ID,
        summary: `bind ${name}'s rows (.all()) in ${fn.name} (${file}): the result is read twice`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The trace's frames, else the handlers of the cause's routes and what they call.
async function sites(context: TemplateContext) {
  const frames = await requestFrames(context);
  if (frames.length > 0) return frames;
  const out = [];
  for (const route of await causeRoutes(context.python, context.cause))
    out.push(...(await callPath(context.python, route.file, route.handler, 2)));
  return out;
}

// `name = <x>.scalars(…)` / `.execute(…)`, alone on its statement and read twice after it.
function reusedResult(
  lines: readonly string[],
  fn: FunctionSummary,
): { name: string; end: number; reads: number[] } | null {
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const head = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*[\w.]+\.(?:scalars|execute)\(/.exec(maskStrings(lines[i]!));
    if (!head) continue;
    const name = head[1]!;
    const end = statementEnd(lines, i + 1);
    const statement = lines
      .slice(i, end)
      .map((l) => maskStrings(l).replace(/#.*$/, ''))
      .join('\n');
    // The call is the whole right-hand side: `db.scalars(…)`, not `db.scalars(…).all()`.
    if (closingOf(statement, head[0].length - 1) !== statement.trimEnd().length - 1) continue;
    const read = new RegExp(
      `\\bin\\s+${name}\\b(?!\\s*[.\\[(])|\\b(?:${CONSUMERS})\\(\\s*${name}\\s*[,)]|\\b${name}\\.(?:${FETCHES})\\(\\)`,
      'g',
    );
    const rebound = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?[-+*/|&]?=(?!=)|\\bfor\\s+${name}\\s+in\\b`);
    const reads: number[] = [];
    let count = 0;
    let foreign = false;
    for (let k = end; k < fn.endLine; k++) {
      const text = maskStrings(lines[k] ?? '');
      if (rebound.test(text)) break;
      const found = text.match(read)?.length ?? 0;
      if (found > 0) reads.push(k);
      count += found;
      if (new RegExp(`\\b${name}\\.(?!all\\(\\))\\w+`).test(text)) foreign = true;
    }
    if (count >= 2 && !foreign) return { name, end, reads };
  }
  return null;
}

// The index of the bracket closing the one at `open`, or -1.
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{'.includes(text[i]!)) depth++;
    else if (')]}'.includes(text[i]!) && --depth === 0) return i;
  }
  return -1;
}
