import { splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { callPath } from './call-path.js';
import { causeRoutes } from './cause-routes.js';
import { DETACHED_EXCEPTIONS, keepingFactories, readAfterCommit, returnsCallOf } from './detached-service-refresh.js';
import { indentOf, maskStrings } from './expression-text.js';

const ID = 'python.detached-begin-block';
/** A `with Factory.begin() as s:` block adding the object the function then returns. */
interface BeginBlock {
  readonly session: string;
  readonly returned: string;
  /** Where the loading statements go (0-based line they are inserted before) and their indentation. */
  readonly at: number;
  readonly indent: string;
}

/**
 * A route handler returns what a project function it calls returns, and that function adds the
 * object in a unit of work of its own (`with SessionLocal.begin() as session: … session.add(job)`)
 * and returns it (after the block, or inside it): the block's implicit commit expires the object
 * (expire_on_commit) and closes the session, so serialising it raises `DetachedInstanceError:
 * Instance <Job at 0x…> is not bound to a Session; attribute refresh operation cannot proceed`
 * (a `ResponseValidationError` whose errors name it; a server log may keep only its first line)
 * → before the block ends, `session.flush()` (the row gets its id), `session.refresh(job)` (its
 * stored values loaded) and `session.expunge(job)` (the commit no longer expires it). The row is
 * still committed by the block. Must not fire on a lazy load (another attribute detached, not
 * expired), a block already refreshing or expunging the object, an object the block never added,
 * a factory made with `expire_on_commit=False`, or a plain `with Factory() as s:` block
 * (python.detached-service-refresh's, its commit explicit).
 */
export const pythonDetachedBeginBlock: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "load and detach an object a called function's own begin() block adds and returns",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: DETACHED_EXCEPTIONS },
  async *candidates({ cause, exception, tree, python }) {
    if (!readAfterCommit(cause, exception)) return;
    const kept = await keepingFactories(tree, python);
    for (const route of await causeRoutes(python, cause)) {
      const handlerLines = splitSource((await tree.read(route.file)) ?? '').lines;
      for (const { file, fn } of (await callPath(python, route.file, route.handler, 1)).slice(1)) {
        if (!returnsCallOf(handlerLines, route.handler, fn.name)) continue;
        const source = await tree.read(file);
        if (source === null) continue;
        const { lines, join } = splitSource(source);
        const site = beginBlock(lines, fn, kept);
        if (!site) continue;
        const { session: s, returned: obj, indent } = site;
        lines.splice(
          site.at,
          0,
          `${indent}${s}.flush()`,
          `${indent}${s}.refresh(${obj})`,
          `${indent}${s}.expunge(${obj})`,
        );
        await tree.write(file, join(lines));
        yield {
          key: ID,
          summary:
            `flush, refresh and expunge ${obj} before the begin() block of ${fn.name} commits and closes ` +
            `(the response of ${route.handler.name} reads it) at ${file}:${site.at + 1}`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

// The function's one `with F.begin() as s:` block adding the object it returns, inside the block or right after it.
function beginBlock(lines: readonly string[], fn: FunctionSummary, kept: ReadonlySet<string>): BeginBlock | null {
  const from = fn.bodyLine - 1;
  const body = lines.slice(from, fn.endLine).map(maskStrings);
  for (let k = 0; k < body.length; k++) {
    const opened = /^(\s*)(?:async\s+)?with\s+(\w+)\.begin\(\s*\)\s+as\s+(\w+)\s*:\s*$/.exec(body[k]!);
    if (!opened || kept.has(opened[2]!)) continue;
    const [, outer, , s] = opened as unknown as [string, string, string, string];
    let last = k;
    let end = body.length;
    let inner: { line: number; returned: string } | null = null;
    for (let j = k + 1; j < body.length; j++) {
      const line = body[j]!;
      if (line.trim() === '') continue;
      if (indentOf(line).length <= outer.length) {
        end = j;
        break;
      }
      last = j;
      const ret = /^\s*return\s+(\w+)\s*$/.exec(line)?.[1];
      if (ret && !inner) inner = { line: j, returned: ret };
    }
    // The object returned inside the block, or by the first statement after it.
    const after = end < body.length ? /^\s*return\s+(\w+)\s*$/.exec(body[end]!)?.[1] : undefined;
    const returned = inner?.returned ?? after;
    if (!returned || returned === s) continue;
    const block = body.slice(k + 1, end);
    const added = block.some((l) => new RegExp(String.raw`\b${s}\.(?:add|merge)\(\s*${returned}\s*\)`).test(l));
    // Already loaded or detached before the commit: not this bug.
    const handled = block.some((l) => new RegExp(String.raw`\b${s}\.(?:refresh|expunge)\(\s*${returned}\b`).test(l));
    if (!added || handled) continue;
    const at = inner ? inner.line : last + 1;
    const indent = indentOf(body[inner ? inner.line : last]!);
    return { session: s, returned, at: from + at, indent };
  }
  return null;
}
