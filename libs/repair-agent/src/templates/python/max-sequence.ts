import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { maskStrings } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.max-sequence';
const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError'];

interface Site {
  readonly file: string;
  readonly fn: FunctionSummary;
  /** A helper returns the code; in a function of the trace the f-string must be the column's value. */
  readonly helper: boolean;
}

/**
 * A new row's code numbered one past the row count (`n = db.scalar(select(func.count(Item.id))…)`,
 * `f"IT-{n + 1:04d}"`) collides once a row was removed from the sequence: `IntegrityError: UNIQUE
 * constraint failed: items.code` → the number follows the highest existing code instead
 * (`func.max(Item.code)`, its trailing digits + 1), under the count's own filter. The f-string (in a
 * function of the trace or a helper it calls for the failing column) must end in that field with a
 * zero-padded width, so the codes sort as their numbers; the counted entity must have the column.
 * Catching the error or dropping the constraint would lose the row or store duplicates: never.
 */
export const pythonMaxSequence: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'number a new code after the highest existing one, not the row count',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const message = context.exception?.message ?? '';
    const column = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /Key \((\w+)\)=\(/.exec(message)?.[1];
    if (!column) return;
    for (const site of await numberingSites(context, column)) {
      const source = await context.tree.read(site.file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const body = (i: number) => maskStrings(lines[i]!).replace(/#.*$/, '');
      const range = [...Array(site.fn.endLine - site.fn.bodyLine + 1).keys()].map((i) => i + site.fn.bodyLine - 1);
      // `{n + 1:03d}"`: the numbered field, zero-padded, closing the f-string.
      const at = range.find((i) => /\{\w+\s*\+\s*1:0\d+d\}["']/.test(lines[i]!) && /\bf["']/.test(lines[i]!));
      if (at === undefined || !(site.helper || givenTo(lines, range, at, column))) continue;
      const n = /\{(\w+)\s*\+\s*1:0\d+d\}["']/.exec(lines[at]!)![1]!;
      const counts = range.filter((i) => i < at && new RegExp(`^\\s*${n}\\s*=(?!=)`).test(body(i)));
      if (counts.length !== 1) continue;
      const count = counts[0]!;
      const counted = /\bfunc\.count\(\s*([A-Za-z_]\w*)\.\w+\s*\)/.exec(lines[count]!);
      if (!counted || !(await context.python.classMembers(counted[1]!)).includes(column)) continue;
      const last = `last_${column}`;
      if (range.some((i) => new RegExp(`\\b${last}\\b`).test(lines[i]!))) continue;
      const indent = /^\s*/.exec(lines[count]!)![0];
      const highest = lines[count]!.replace(counted[0], `func.max(${counted[1]}.${column})`)
        .replace(new RegExp(`^(\\s*)${n}(\\s*=)`), `$1${last}$2`)
        .replace(/\s+or\s+0\s*$/, '');
      lines.splice(count, 1, highest, `${indent}${n} = int(re.search(r"\\d+$", ${last}).group()) if ${last} else 0`);
      const module = (await context.python.modules()).get(site.file);
      await context.tree.write(site.file, withRe(join(lines), module));
      yield {
        key: ID,
        summary:
          `number the new ${column} after the highest existing one (func.max(${counted[1]}.${column})) in ` +
          `${site.fn.name} (${site.file}:${count + 1}), not after the row count: the sequence has gaps`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// The functions that may number the column: the trace's own, and the project function whose call
// gives the column its value there (`code=next_code(db)`, or through one local).
async function numberingSites(context: TemplateContext, column: string): Promise<Site[]> {
  const out: Site[] = [];
  const modules = await context.python.modules();
  for (const { file, fn } of await requestFrames(context)) {
    out.push({ file, fn, helper: false });
    const source = await context.tree.read(file);
    if (source === null) continue;
    const text = splitSource(source)
      .lines.slice(fn.bodyLine - 1, fn.endLine)
      .join('\n');
    const direct = new RegExp(`[\\s(,.]${column}\\s*=(?!=)\\s*([A-Za-z_]\\w*)\\(`).exec(text)?.[1];
    const via = new RegExp(`[\\s(,.]${column}\\s*=(?!=)\\s*([A-Za-z_]\\w*)\\s*[,)\\n]`).exec(text)?.[1];
    const helper =
      direct ??
      (via ? new RegExp(`^\\s*${via}\\s*=\\s*(?:await\\s+)?([A-Za-z_]\\w*)\\(`, 'm').exec(text)?.[1] : undefined);
    if (!helper) continue;
    for (const def of await context.python.definitionsOf(helper)) {
      const found = modules.get(def.file)?.functions.find((f) => f.name === helper);
      if (found) out.push({ file: def.file, fn: found, helper: true });
    }
  }
  return out;
}

// Whether the f-string at `at` is given to the column: `column=f"…"`, or a local later given as `column=local`.
function givenTo(lines: readonly string[], range: readonly number[], at: number, column: string): boolean {
  if (new RegExp(`\\b${column}\\s*=\\s*f["']`).test(lines[at]!)) return true;
  const local = /^\s*(\w+)\s*=\s*f["']/.exec(lines[at]!)?.[1];
  return !!local && range.some((i) => i > at && new RegExp(`\\b${column}\\s*=\\s*${local}\\b`).test(lines[i]!));
}

// The source with `import re` among its imports (before the first), unless it has it.
function withRe(source: string, module: ParsedModule | undefined): string {
  const imports = module?.imports ?? [];
  if (imports.some((i) => i.kind === 'import' && i.names.some((n) => n.name === 're' && !n.asname))) return source;
  const { lines, join } = splitSource(source);
  // After `from __future__ import …`, which must come first.
  const future = imports.filter((i) => i.module === '__future__').map((i) => i.endLine);
  const others = imports.filter((i) => i.module !== '__future__').map((i) => i.line - 1);
  const first = others.length > 0 ? Math.min(...others) : Math.max(0, ...future);
  lines.splice(first, 0, 'import re');
  return join(lines);
}
