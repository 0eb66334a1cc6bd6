import { addFromImport, byteColumnToIndex, splitSource } from '../../python/python-edits.js';
import type { Recipe } from '../recipe.js';

/**
 * `TypeError: Object of type X is not JSON serializable` raised for a response the app builds
 * itself → pass the content through FastAPI's `jsonable_encoder` (or give `json.dumps` a default).
 */
export const pythonJsonEncoder: Recipe = {
  id: 'python.json-encoder',
  language: 'python',
  summary: "serialise response content with the framework's JSON encoder",
  async apply({ exception, culprit, tree, python }) {
    if (exception?.type !== 'TypeError' || !culprit || !/is not JSON serializable/.test(exception.message)) return null;
    const module = (await python.modules()).get(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!module || !fn || source === null) return null;
    const calls = fn.calls.filter((c) => c.line <= culprit.line && culprit.line <= c.endLine);
    // `Response(content=json.dumps(x))`: the error is raised by dumps, so dumps gets the default.
    const dumps = calls.find((c) => c.name === 'dumps');
    const response = dumps ? undefined : calls.find((c) => /Response$/.test(c.name));
    if (response) {
      const { lines, join } = splitSource(source);
      for (let i = response.line - 1; i < response.endLine; i++) {
        const start = i === response.line - 1 ? byteColumnToIndex(lines[i]!, response.col) : 0;
        const at = lines[i]!.indexOf('content=', start);
        if (at < 0) continue;
        const valueStart = at + 'content='.length;
        const valueEnd = expressionEnd(lines[i]!, valueStart);
        if (valueEnd < 0) return null;
        const value = lines[i]!.slice(valueStart, valueEnd);
        if (value.startsWith('jsonable_encoder(')) return null;
        lines[i] = `${lines[i]!.slice(0, valueStart)}jsonable_encoder(${value})${lines[i]!.slice(valueEnd)}`;
        const withImport = addFromImport(join(lines), module, 'fastapi.encoders', 'jsonable_encoder');
        await tree.write(culprit.file, withImport);
        return { summary: `encode the ${response.name} content with jsonable_encoder at ${culprit.file}:${i + 1}`, template: { recipe: 'python.json-encoder', mode: 'encoder' } };
      }
      return null;
    }
    if (dumps) {
      const { lines, join } = splitSource(source);
      const i = dumps.endLine - 1;
      const end = byteColumnToIndex(lines[i]!, dumps.endCol) - 1;
      if (lines[i]![end] !== ')' || /default\s*=/.test(lines.slice(dumps.line - 1, dumps.endLine).join('\n'))) return null;
      lines[i] = `${lines[i]!.slice(0, end)}, default=str${lines[i]!.slice(end)}`;
      await tree.write(culprit.file, join(lines));
      return { summary: `give json.dumps a default at ${culprit.file}:${dumps.line}`, template: { recipe: 'python.json-encoder', mode: 'dumps-default' } };
    }
    return null;
  },
};

// End index of a Python expression starting at `start`: the first top-level `,` or unmatched
// closer on the line; -1 when the expression continues past the line.
function expressionEnd(line: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return i;
      depth--;
    } else if (ch === ',' && depth === 0) return i;
  }
  return depth === 0 ? line.length : -1;
}
