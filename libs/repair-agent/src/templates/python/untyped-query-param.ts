import { addFromImport, splitSource } from '../../python/python-edits.js';
import { maskStrings } from './expression-text.js';
import { siteKey, type RepairTemplate } from '../template.js';

// `'<' not supported between instances of 'int' and 'str'`: which side is the string.
const MESSAGE = /^'(<=?|>=?)' not supported between instances of '(\w+)' and '(\w+)'$/;
const NUMBERS = new Set(['int', 'float']);

/**
 * A route handler's query parameter declared without a type (`min_left=Query(default=None)`,
 * `limit=None`): FastAPI hands it over as the raw string, and the handler's numeric comparison
 * fails (`TypeError: '<' not supported between instances of 'int' and 'str'`) → annotate it with
 * the number type the comparison's other side has (`min_left: Optional[int] = Query(...)`), which
 * FastAPI then converts and validates. Evidence: that TypeError at a line of a route handler that
 * compares, with that operator and on the string's side, exactly one unannotated parameter of the
 * handler. Never on an annotated parameter (a `str` on purpose is another bug), a comparison of
 * anything else, or a type other than int/float.
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
    const number = stringLeft ? right! : left!;
    if ((stringLeft ? left : right) !== 'str' || !NUMBERS.has(number)) return;
    const route = (await python.routes()).find(
      (r) => r.file === culprit.file && r.handler.line <= culprit.line && culprit.line <= r.handler.endLine,
    );
    const source = route ? await tree.read(route.file) : null;
    if (!route || source === null) return;
    const { lines, join } = splitSource(source);
    const line = maskStrings(lines[culprit.line - 1] ?? '');
    const untyped = route.handler.params.filter((p) => !route.handler.annotations[p]);
    // The parameter on the string's side of the operator the message names (`x < limit`: right).
    const compared = untyped.filter((p) =>
      new RegExp(stringLeft ? `(?<![\\w.])${p}\\s*${op}(?![=<>])` : `(?<![<>=!])${op}\\s*${p}\\b`).test(line),
    );
    if (compared.length !== 1) return;
    const name = compared[0]!;
    const modules = await python.modules();
    const own = modules.get(route.file);
    if (!own) return;
    for (let i = route.handler.line - 1; i < route.handler.bodyLine - 1; i++) {
      const declared = new RegExp(`(?<![\\w.])(${name})\\s*=\\s*((?:Query\\(\\s*(?:default\\s*=\\s*)?)?None\\b)?`);
      const at = declared.exec(maskStrings(lines[i]!));
      if (!at) continue;
      // A None default keeps the parameter optional: `Optional[int]`, imported from typing if need be.
      const type = at[2] !== undefined ? `Optional[${number}]` : number;
      const text = lines[i]!;
      const value = at.index + at[0].length - (at[2]?.length ?? 0);
      lines[i] = `${text.slice(0, at.index)}${name}: ${type} = ${text.slice(value)}`;
      const edited = join(lines);
      await tree.write(route.file, type === number ? edited : addFromImport(edited, own, 'typing', 'Optional'));
      yield {
        key: siteKey('python.untyped-query-param', route.file, i + 1),
        summary: `annotate ${route.handler.name}'s parameter ${name} as ${type}, so FastAPI converts it`,
        template: { recipe: 'python.untyped-query-param' },
      };
      return;
    }
  },
};
