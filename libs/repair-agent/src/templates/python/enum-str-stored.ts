import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { failureTexts } from '../failure-texts.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { enumNamed } from './enum-value.js';
import { requestFrames } from './trace-frames.js';

// A value spelled `Class.MEMBER`, quoted, as the validator or the driver reports it: pydantic's
// `input_value='OrderStatus.SHIPPED'` (or `'input': 'OrderStatus.SHIPPED'` in the error dicts
// FastAPI's ResponseValidationError prints), Python's `'OrderStatus.SHIPPED' is not a valid OrderStatus`,
// SQLAlchemy's `… is not among the defined enum values`.
const SPELLED = /(?:input_value=|'input': )?'([A-Za-z_]\w*)\.([A-Za-z_]\w*)'(?: is not (?:a valid|among))?/g;

/**
 * A `(str, Enum)` member stored through `str()` (`str(payload.status)` in an INSERT's parameters):
 * on Python 3.11+ that is `'OrderStatus.SHIPPED'`, not the member's value, so the row is written
 * but fails when read back (`input_value='OrderStatus.SHIPPED'` in a response model's
 * ValidationError, `'OrderStatus.SHIPPED' is not a valid OrderStatus`). Evidence: the failure's
 * text (the exception, or a test's output after pydantic's first line) quotes `Class.MEMBER` as the
 * input or the invalid value, for a project enum that has that member; the site is `str(p.f)` where the
 * function's parameter `p` is annotated with a class whose field `f` is annotated with exactly that
 * enum (a required field: an Optional one may be None and has no `.value`), in a function on the
 * request's path, else the one such call in the project. Fix: `p.f.value`, the value the enum
 * stands for. Not fired for an Optional field, a `str()` of anything else, or a member the enum lacks.
 */
export const pythonEnumStrStored: RepairTemplate = {
  id: 'python.enum-str-stored',
  language: 'python',
  summary: "store an enum member's .value where str() of it wrote 'Class.MEMBER'",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'] },
  async *candidates(context) {
    // pydantic's errors follow its first line: in a test's output, not in the exception's message.
    const texts = failureTexts(context.cause, context.exception).join('\n');
    const quoted = [...texts.matchAll(SPELLED)].filter(
      (m) => /^(?:input_value=|'input')/.test(m[0]) || / is not /.test(m[0]),
    );
    for (const [, className, member] of quoted) {
      const found = await enumNamed(context.python, className!);
      if (!found || found.name !== className || !(member! in found.values)) continue;
      const site = await strSite(context, found.name);
      if (!site) return;
      const source = (await context.tree.read(site.file))!;
      const { lines, join } = splitSource(source);
      const text = lines[site.line - 1]!;
      lines[site.line - 1] = `${text.slice(0, site.at)}${site.operand}.value${text.slice(site.at + site.call.length)}`;
      await context.tree.write(site.file, join(lines));
      yield {
        key: 'python.enum-str-stored#value',
        summary: `store ${site.operand}.value instead of ${site.call} at ${site.file}:${site.line}`,
        template: { recipe: 'python.enum-str-stored#value', enum: found.name },
      };
      return;
    }
  },
};

interface StrSite {
  readonly file: string;
  readonly line: number;
  /** Index of `str(` on the line, the call's text and its operand (`payload.status`). */
  readonly at: number;
  readonly call: string;
  readonly operand: string;
}

// `str(p.f)` of a required field typed with the enum: in a request frame's function first (one
// there decides), else the one in the project.
async function strSite(context: TemplateContext, enumName: string): Promise<StrSite | null> {
  const modules = await context.python.modules();
  const fields = await enumFields(context, modules, enumName);
  const inFunction = async (file: string, fn: FunctionSummary): Promise<StrSite[]> => {
    const { lines } = splitSource((await context.tree.read(file)) ?? '');
    const out: StrSite[] = [];
    for (let i = fn.bodyLine - 1; i < Math.min(fn.endLine, lines.length); i++) {
      const code = lines[i]!.slice(0, codeEnd(lines[i]!));
      for (const m of code.matchAll(/(?<![\w.])str\(\s*(([A-Za-z_]\w*)\.([A-Za-z_]\w*))\s*\)/g)) {
        const annotation = fn.annotations[m[2]!];
        if (annotation && fields.get(annotation)?.has(m[3]!))
          out.push({ file, line: i + 1, at: m.index!, call: m[0], operand: m[1]! });
      }
    }
    return out;
  };
  for (const { file, fn } of await requestFrames(context)) {
    const hits = await inFunction(file, fn);
    if (hits.length > 0) return hits.length === 1 ? hits[0]! : null;
  }
  const all: StrSite[] = [];
  for (const [file, module] of modules) for (const fn of module.functions) all.push(...(await inFunction(file, fn)));
  return all.length === 1 ? all[0]! : null;
}

// Class name → its fields annotated with exactly the enum (`status: OrderStatus`, `= default` allowed).
async function enumFields(
  { tree }: TemplateContext,
  modules: ReadonlyMap<string, ParsedModule>,
  enumName: string,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const field = new RegExp(`^\\s+(\\w+)\\s*:\\s*${enumName}\\s*(?:=.*)?$`);
  for (const [file, module] of modules) {
    const { lines } = splitSource((await tree.read(file)) ?? '');
    for (const cls of module.classes) {
      const names = new Set<string>();
      for (let i = cls.line; i < Math.min(cls.endLine, lines.length); i++) {
        const name = field.exec(lines[i]!.slice(0, codeEnd(lines[i]!)))?.[1];
        if (name) names.add(name);
      }
      if (names.size > 0) out.set(cls.name, names);
    }
  }
  return out;
}
