import { insertAt, splitSource, byteColumnToIndex } from '../../python/python-edits.js';
import type { Recipe } from '../recipe.js';

/**
 * A coroutine used as a value (`TypeError: … coroutine …`, `'coroutine' object …`) → await the
 * call of the project's own `async def` nearest before the failing line, inside an async
 * function. And the reverse: `object X can't be used in 'await' expression` → drop the await.
 */
export const pythonMissingAwait: Recipe = {
  id: 'python.missing-await',
  language: 'python',
  summary: 'await a coroutine that is used without await (or drop an await on a plain value)',
  async apply({ exception, culprit, tree, python }) {
    if (!exception || !culprit) return null;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return null;
    if (/can't be used in 'await' expression|object is not awaitable|a coroutine or an awaitable is required/.test(exception.message)) {
      const { lines, join } = splitSource(source);
      const line = lines[culprit.line - 1]!;
      const without = line.replace(/\bawait\s+/, '');
      if (without === line) return null;
      lines[culprit.line - 1] = without;
      await tree.write(culprit.file, join(lines));
      return { summary: `drop await on a non-awaitable at ${culprit.file}:${culprit.line}`, template: { recipe: 'python.missing-await', mode: 'drop' } };
    }
    if (!/coroutine/.test(exception.message) || !fn.async) return null;
    const asyncNames = new Set<string>();
    for (const module of (await python.modules()).values()) for (const f of module.functions) if (f.async) asyncNames.add(f.name);
    const call = fn.calls
      .filter((c) => !c.awaited && asyncNames.has(c.name) && c.line <= culprit.line)
      .sort((a, b) => b.line - a.line || b.col - a.col)[0];
    if (!call) return null;
    const line = splitSource(source).lines[call.line - 1]!;
    if (/\bawait\s+$/.test(line.slice(0, byteColumnToIndex(line, call.col)))) return null;
    await tree.write(culprit.file, insertAt(source, call.line, call.col, 'await '));
    return {
      summary: `await ${call.name}(...) at ${culprit.file}:${call.line}`,
      template: { recipe: 'python.missing-await', mode: 'add', callee: call.name },
    };
  },
};
