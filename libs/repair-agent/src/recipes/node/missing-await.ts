import { lineText } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { Recipe } from '../recipe.js';
import { culpritModule, enclosingFunctions } from './scope.js';

// What a pending Promise used as a value throws.
const PROMISE_AS_VALUE = /is not a function|Cannot read properties of (?:undefined|null)|is not iterable|is not a constructor|Cannot convert undefined or null/;

/**
 * A Promise used as a value: `TypeError: items.filter is not a function` (or `… of undefined`,
 * `… is not iterable`) where the value comes from the project's own `async` function or method
 * called without `await` inside an async function → await that call (the nearest one, on the
 * failing line or assigned to a variable the failing line uses).
 */
export const nodeMissingAwait: Recipe = {
  id: 'node.missing-await',
  language: 'node',
  summary: 'await a call of an async function whose Promise is used as a value',
  async apply({ exception, culprit, tree, node: given }) {
    const node = given ?? nodeProjectFor(tree);
    if (exception?.type !== 'TypeError' || !culprit || !PROMISE_AS_VALUE.test(exception.message)) return null;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return null;
    // From the nearest enclosing async function inwards (the failure may be in a callback of it).
    const chain = enclosingFunctions(module, culprit.line);
    const from = chain.findLastIndex((f) => f.async);
    if (from < 0) return null;
    const asyncNames = await node.asyncNames();
    const line = lineText(source, culprit.line);
    const uses = (call: JsCall) =>
      (call.line <= culprit.line && culprit.line <= call.endLine) || (call.assignedTo !== undefined && new RegExp(`(?<![\\w$.])${call.assignedTo.replace(/\$/g, '\\$')}(?![\\w$])`).test(line));
    const call = chain
      .slice(from)
      .flatMap((f) => f.calls)
      .filter((c) => !c.awaited && asyncNames.has(c.name) && c.line <= culprit.line && uses(c))
      .sort((a, b) => b.start - a.start)[0];
    if (!call) return null;
    const before = source.slice(0, call.start);
    if (/\bawait\s*$/.test(before)) return null;
    await tree.write(culprit.file, `${before}await ${source.slice(call.start)}`);
    return { summary: `await ${call.text}(...) at ${culprit.file}:${call.line}`, template: { recipe: 'node.missing-await', callee: call.name } };
  },
};
