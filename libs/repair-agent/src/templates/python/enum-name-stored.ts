import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { causePath } from './call-path.js';
import { requestFrames } from './trace-frames.js';

// The invalid input pydantic quotes: `'input': 'DARK_BLUE'` (FastAPI's error dicts) or `input_value='DARK_BLUE'`.
const INPUT = /(?:'input': |input_value=)'([A-Za-z_]\w*)'/g;
// A server log keeps only the first line of FastAPI's response validation error (`1 validation errors:`).
const RESPONSE_INVALID = /(?:^|\.)ResponseValidationError$/;
// Project functions followed from the failing route's handler.
const DEPTH = 2;

/**
 * An enum member's `.name` stored where its `.value` belongs (`tile.colour = new_colour.name`): the
 * row holds `'DARK_BLUE'`, and the response model built from it fails (`'input': 'DARK_BLUE'` in a
 * ResponseValidationError, `Input should be 'red' or 'dark-blue'`) → `new_colour.value`. Evidence,
 * all required: the failure quotes as the invalid input the name of a member of a project enum whose
 * value differs from it; the site reads `.name` off a parameter annotated with exactly that enum, in
 * a function on the request's path, else the one such read in the project. When the log kept only the
 * first line of FastAPI's ResponseValidationError (no quoted input): the one `… = p.name` assignment on
 * the failing route's path (two calls deep), `p` annotated with a project enum whose member names and
 * values differ. Not fired for an input that is a member's value, nor a `.name` of anything else.
 */
export const pythonEnumNameStored: RepairTemplate = {
  id: 'python.enum-name-stored',
  language: 'python',
  summary: "store an enum member's .value where its .name was stored",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure', 'status_mismatch'] },
  async *candidates(context) {
    const texts = failureTexts(context.cause, context.exception).join('\n');
    const inputs = new Set([...texts.matchAll(INPUT)].map((m) => m[1]!));
    // Without the quoted input (the log's first line only), the response's own validation error, and
    // a `.name` assigned on the failing route's path (`row.colour = new_colour.name`), stand for it.
    const unquoted = inputs.size === 0 && RESPONSE_INVALID.test(context.exception?.type ?? '');
    if (inputs.size === 0 && !unquoted) return;
    // Project enums with a member named like an input (any member, unquoted) whose value is spelt otherwise.
    const enums = new Set<string>();
    for (const module of (await context.python.modules()).values())
      for (const cls of module.classes) {
        if (!cls.bases.some((b) => b !== null && /Enum$/.test(b)) || !cls.defaults) continue;
        const values = cls.defaults;
        const named = unquoted ? Object.keys(values) : [...inputs];
        if (named.some((i) => i in values && values[i] !== i)) enums.add(cls.name);
      }
    if (enums.size === 0) return;
    const site = unquoted ? await assignedOnPath(context, enums) : await nameSite(context, enums);
    if (!site) return;
    const { lines, join } = splitSource((await context.tree.read(site.file))!);
    const text = lines[site.line - 1]!;
    lines[site.line - 1] =
      `${text.slice(0, site.at)}${site.operand}.value${text.slice(site.at + site.operand.length + 5)}`;
    await context.tree.write(site.file, join(lines));
    yield {
      key: 'python.enum-name-stored#value',
      summary: `store ${site.operand}.value instead of ${site.operand}.name at ${site.file}:${site.line}`,
      template: { recipe: 'python.enum-name-stored#value' },
    };
  },
};

interface NameSite {
  readonly file: string;
  readonly line: number;
  /** Index of the operand on the line (`new_colour` of `new_colour.name`). */
  readonly at: number;
  readonly operand: string;
}

// `… = p.name` ending a line, `p` a parameter annotated with one of the enums, in a function on the failing
// route's path: exactly one such assignment.
async function assignedOnPath(context: TemplateContext, enums: Set<string>): Promise<NameSite | null> {
  const out: NameSite[] = [];
  for await (const { file, fn } of causePath(context.python, context.cause, DEPTH)) {
    const { lines } = splitSource((await context.tree.read(file)) ?? '');
    for (let i = fn.bodyLine - 1; i < Math.min(fn.endLine, lines.length); i++) {
      const code = lines[i]!.slice(0, codeEnd(lines[i]!));
      const m = /^\s*[\w.]+\s*=\s*([A-Za-z_]\w*)\.name\s*$/.exec(code);
      if (m && enums.has(fn.annotations[m[1]!] ?? ''))
        out.push({ file, line: i + 1, at: code.lastIndexOf(`${m[1]!}.name`), operand: m[1]! });
    }
  }
  return out.length === 1 ? out[0]! : null;
}

// `p.name` of a parameter annotated with one of the enums: in a request frame's function first (one
// there decides), else the one in the project.
async function nameSite(context: TemplateContext, enums: Set<string>): Promise<NameSite | null> {
  const inFunction = async (file: string, fn: FunctionSummary): Promise<NameSite[]> => {
    const { lines } = splitSource((await context.tree.read(file)) ?? '');
    const out: NameSite[] = [];
    for (let i = fn.bodyLine - 1; i < Math.min(fn.endLine, lines.length); i++) {
      const code = lines[i]!.slice(0, codeEnd(lines[i]!));
      for (const m of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)\.name\b(?!\s*\()/g))
        if (enums.has(fn.annotations[m[1]!] ?? '')) out.push({ file, line: i + 1, at: m.index!, operand: m[1]! });
    }
    return out;
  };
  for (const { file, fn } of await requestFrames(context)) {
    const hits = await inFunction(file, fn);
    if (hits.length > 0) return hits.length === 1 ? hits[0]! : null;
  }
  const all: NameSite[] = [];
  for (const [file, module] of await context.python.modules())
    for (const fn of module.functions) all.push(...(await inFunction(file, fn)));
  return all.length === 1 ? all[0]! : null;
}
