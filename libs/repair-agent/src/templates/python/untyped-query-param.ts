import type { FunctionSummary, ParsedModule } from '../../python/module-summary.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import { maskStrings } from './expression-text.js';
import { siteKey, type RepairTemplate } from '../template.js';

// `'<' not supported between instances of 'int' and 'str'`: which side is the string.
const MESSAGE = /^'(<=?|>=?)' not supported between instances of '([\w.]+)' and '([\w.]+)'$/;
// The type the comparison's other side has → the annotation that makes FastAPI convert the value.
const TYPES: Record<string, { name: string; from?: string }> = {
  int: { name: 'int' },
  float: { name: 'float' },
  'datetime.date': { name: 'date', from: 'datetime' },
  'datetime.datetime': { name: 'datetime', from: 'datetime' },
};
// A parameter annotated as a plain string (`str`, `str | None`, `Optional[str]`).
const STR = /^(?:str|Optional\[\s*str\s*\]|str\s*\|\s*None|None\s*\|\s*str)$/;

/**
 * A route handler's query parameter declared without a type (`min_left=Query(default=None)`,
 * `limit=None`): FastAPI hands it over as the raw string, and the handler's numeric comparison
 * fails (`TypeError: '<' not supported between instances of 'int' and 'str'`) → annotate it with
 * the number type the comparison's other side has (`min_left: Optional[int] = Query(...)`), which
 * FastAPI then converts and validates. Evidence: that TypeError at a line of a route handler that
 * compares, with that operator and on the string's side, exactly one unannotated parameter of the
 * handler. The same for a date or datetime compared with a parameter declared `str` (`since: str |
 * None = Query(None)` → `date | None`): a string is never an ordered date, so FastAPI must parse it
 * (and answer 422 for a malformed one). Never on another annotated parameter (a `str` compared
 * with a number may be on purpose), an untyped one compared with a date, a comparison of anything
 * else, or another type.
 */
export const pythonUntypedQueryParam: RepairTemplate = {
  id: 'python.untyped-query-param',
  language: 'python',
  summary: 'annotate an untyped query parameter compared with a number as that number type',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ culprit, exception, tree, python }) {
    const message = exception ? MESSAGE.exec(exception.message.trim()) : null;
    if (!culprit || !message) return;
    const [, op, left, right] = message;
    const stringLeft = left === 'str';
    const type = TYPES[stringLeft ? right! : left!];
    if ((stringLeft ? left : right) !== 'str' || !type) return;
    const route = (await python.routes()).find(
      (r) => r.file === culprit.file && r.handler.line <= culprit.line && culprit.line <= r.handler.endLine,
    );
    const source = route ? await tree.read(route.file) : null;
    if (!route || source === null) return;
    const { lines, join } = splitSource(source);
    const line = maskStrings(lines[culprit.line - 1] ?? '');
    const annotation = (p: string) => route.handler.annotations[p]?.trim();
    const untyped = route.handler.params.filter((p) => {
      const declared = annotation(p);
      return type.from === undefined ? !declared : declared !== undefined && STR.test(declared);
    });
    // The parameter on the string's side of the operator the message names (`x < limit`: right).
    const compared = untyped.filter((p) =>
      new RegExp(stringLeft ? `(?<![\\w.])${p}\\s*${op}(?![=<>])` : `(?<![<>=!])${op}\\s*${p}\\b`).test(line),
    );
    if (compared.length !== 1) return;
    const name = compared[0]!;
    const modules = await python.modules();
    const own = modules.get(route.file);
    if (!own) return;
    if (type.from !== undefined && clashes(own, route.handler, type.name, type.from)) return;
    const typed = annotation(name) !== undefined;
    for (let i = route.handler.line - 1; i < route.handler.bodyLine - 1; i++) {
      const masked = maskStrings(lines[i]!);
      const text = lines[i]!;
      let written: string;
      if (typed) {
        // `since: str | None = …` → `since: date | None = …`.
        const at = new RegExp(`(?<![\\w.])${name}\\s*:\\s*([^=,)]+)`).exec(masked);
        if (!at) continue;
        const end = at.index + at[0].length;
        const start = end - at[1]!.length;
        written = `${text.slice(0, start)}${text.slice(start, end).replace(/\bstr\b/, type.name)}${text.slice(end)}`;
        lines[i] = written;
      } else {
        const declared = new RegExp(`(?<![\\w.])(${name})\\s*=\\s*((?:Query\\(\\s*(?:default\\s*=\\s*)?)?None\\b)?`);
        const at = declared.exec(masked);
        if (!at) continue;
        // A None default keeps the parameter optional: `Optional[int]`, imported from typing if need be.
        written = at[2] !== undefined ? `Optional[${type.name}]` : type.name;
        const value = at.index + at[0].length - (at[2]?.length ?? 0);
        lines[i] = `${text.slice(0, at.index)}${name}: ${written} = ${text.slice(value)}`;
      }
      let edited = join(lines);
      if (!typed && written !== type.name) edited = addFromImport(edited, own, 'typing', 'Optional');
      await tree.write(route.file, edited);
      const reparsed = (await python.modules()).get(route.file);
      if (type.from !== undefined && reparsed)
        await tree.write(route.file, addFromImport(edited, reparsed, type.from, type.name));
      yield {
        key: siteKey('python.untyped-query-param', route.file, i + 1),
        summary: `annotate ${route.handler.name}'s parameter ${name} as ${type.name}, so FastAPI converts it`,
        template: { recipe: 'python.untyped-query-param' },
      };
      return;
    }
  },
};

// `date` already means something else in the module or the handler: importing it would rebind it.
function clashes(module: ParsedModule, handler: FunctionSummary, name: string, from: string): boolean {
  const imported = module.imports.some((imp) =>
    imp.names.some((n) => (n.asname ?? n.name) === name && !(imp.kind === 'from' && imp.module === from)),
  );
  const defined = module.defs.some((d) => d.name === name && d.kind !== 'variable');
  return imported || defined || handler.params.includes(name) || handler.locals.includes(name);
}
